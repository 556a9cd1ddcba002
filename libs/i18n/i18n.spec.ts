import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { policyRuleKeys, refusalKeys } from '../domain/index.js';
import {
  apiDetailKeys,
  catalogues,
  en,
  fieldRuleKeys,
  interpolate,
  localTime,
  negotiateLocale,
  say,
  zhCN,
  type Catalogue,
} from './index.js';

/** Every label of a catalogue, by its path: "step.identify" → "Identify". */
const leaves = (value: unknown, path = ''): [string, unknown][] =>
  value && typeof value === 'object'
    ? Object.entries(value).flatMap(([key, child]) => leaves(child, path ? `${path}.${key}` : key))
    : [[path, value]];
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();

describe('the language of a request', () => {
  it('is Chinese for any zh the caller prefers, English otherwise', () => {
    assert.equal(negotiateLocale('zh-CN,zh;q=0.9,en;q=0.8'), 'zh-CN');
    assert.equal(negotiateLocale('zh'), 'zh-CN');
    assert.equal(negotiateLocale('zh-Hans-CN'), 'zh-CN');
    assert.equal(negotiateLocale('en-GB,zh;q=0.5'), 'en');
    assert.equal(
      negotiateLocale('fr-FR, zh;q=0.3'),
      'zh-CN',
      'a language we lack is passed over for the next one asked',
    );
    assert.equal(negotiateLocale('en;q=0.2, zh-TW;q=0.8'), 'zh-CN', 'quality values outrank the order');
    assert.equal(negotiateLocale('zh;q=0, en'), 'en', 'q=0 means not this one');
    assert.equal(negotiateLocale(undefined), 'en');
    assert.equal(negotiateLocale('*'), 'en');
  });
});

describe('the catalogues', () => {
  const labels = (catalogue: Catalogue) => new Map(leaves(catalogue));

  it('label every code in both languages, with no label left empty or untranslated', () => {
    const english = labels(en);
    const chinese = labels(zhCN);
    assert.deepEqual([...chinese.keys()].sort(), [...english.keys()].sort());
    for (const [path, text] of chinese) {
      assert.equal(typeof text, 'string', path);
      assert.ok((text as string).trim().length > 0, `${path} is empty`);
      // Chinese labels are Chinese: at least one CJK character, except where the word is a code or a name.
      if (path !== 'language')
        assert.match(text as string, /[\u4e00-\u9fff]/, `${path} is not translated: ${String(text)}`);
    }
  });

  it('give each sentence the same placeholders in both languages', () => {
    const chinese = labels(zhCN);
    for (const [path, text] of labels(en))
      assert.deepEqual(placeholders(chinese.get(path) as string), placeholders(text as string), path);
  });

  it('use the words of the source documents for the loop and the supplier criteria', () => {
    assert.deepEqual(Object.values(zhCN.step), ['识别', '分析', '解决', '验证', '反馈', '归档']);
    assert.deepEqual(Object.values(zhCN.criterion).slice(0, 5), [
      '质量意识',
      '技术能力',
      '复制能力',
      '问题解决能力',
      '系统稳定程度',
    ]);
    assert.equal(zhCN.actionKind.corrective, '纠正措施');
    assert.equal(zhCN.reportColumn.csi, '顾客满意度指数');
    assert.equal(catalogues['zh-CN'], zhCN);
  });

  it('fill placeholders, and show the name of one left without a value', () => {
    assert.equal(
      interpolate(en.complaintEvent.ComplaintReassigned, { by: 'sup.wang', to: 'chen.jing' }),
      'sup.wang reassigned the case to chen.jing',
    );
    assert.equal(interpolate('{{by}} did {{what}}', { by: 'li.wei' }), 'li.wei did what');
  });
});

/**
 * Latin text a Chinese sentence may hold: names of fields, headers and media
 * types the reader types or sees on the wire, codes, units and names.
 */
const latinAllowed = [
  /\{\{\s*\w+\s*\}\}/g, // placeholders
  /Authorization: Bearer/g,
  /Content-Type: application\/json/g,
  /multipart\/form-data/g,
  /\b(?:JSON|UUID|ISO 8601|ASCII|NUL|CSI|Idempotency-Key|If-Match|true|false|asOf|revision|subject|owner|supplierId|id|grade|system:|customer:|e\.g\.|B|zh-CN)\b/g,
];
const withoutAllowedLatin = (text: string) => latinAllowed.reduce((rest, allowed) => rest.replace(allowed, ' '), text);

describe('the Chinese catalogue', () => {
  const chinese = new Map(leaves(zhCN));

  it('has no English sentence: no run of Latin words beyond codes, placeholders and names', () => {
    for (const [path, text] of chinese) {
      if (path === 'language') continue;
      const rest = withoutAllowedLatin(text as string);
      assert.doesNotMatch(rest, /[A-Za-z]{2,}(?:[\s,.;:'"-]+[A-Za-z]{2,})+/, `${path} holds English: ${String(text)}`);
      assert.match(text as string, /[\u4e00-\u9fff]/, `${path} is not Chinese: ${String(text)}`);
    }
  });

  it('punctuates sentences the Chinese way: ，。：（）「」, never ASCII commas, semicolons or brackets around words', () => {
    const sentences = [...chinese].filter(([path]) => /^(detail|fieldRule|notification)\./.test(path));
    assert.ok(sentences.length > 50);
    for (const [path, text] of sentences) {
      const rest = withoutAllowedLatin(text as string);
      assert.doesNotMatch(rest, /[,;()]/, `${path} uses ASCII punctuation: ${String(text)}`);
      assert.match(text as string, /[。）」]$|\}\}$/, `${path} does not end like a Chinese sentence: ${String(text)}`);
    }
  });

  it('says every refusal of the domain, every detail of the API and every field rule in Chinese', () => {
    for (const key of [...refusalKeys, ...apiDetailKeys]) {
      assert.ok(en.detail[key], `en.detail.${key}`);
      assert.match(zhCN.detail[key], /[\u4e00-\u9fff]/, `zh-CN detail.${key}`);
    }
    for (const key of fieldRuleKeys) assert.match(zhCN.fieldRule[key], /[\u4e00-\u9fff]/, `zh-CN fieldRule.${key}`);
  });

  it('says every rule a policy document can break in both languages, none under a key a request rule has', () => {
    for (const key of policyRuleKeys) {
      assert.ok(en.fieldRule[key], `en.fieldRule.${key}`);
      assert.match(zhCN.fieldRule[key], /[\u4e00-\u9fff]/, `zh-CN fieldRule.${key}`);
    }
    const shared = policyRuleKeys.filter((key) => (fieldRuleKeys as readonly string[]).includes(key));
    assert.deepEqual(shared, [], 'one key, one sentence: a policy rule never says what a request rule says');
  });
});

describe('a sentence said to a reader', () => {
  it("puts codes in as the language's words, lists joined its way, instants in local time", () => {
    assert.equal(
      say(zhCN, zhCN.detail['step-not-current'], { id: 'c-1', currentStep: 'identify', requestedStep: 'verify' }),
      '投诉 c-1 当前处于「识别」步骤，而不是「验证」。',
    );
    assert.equal(
      say(zhCN, zhCN.detail['scores-missing'], { criteria: ['quality-awareness', 'problem-solving'] }),
      '缺少以下评分：质量意识、问题解决能力。',
    );
    assert.equal(
      say(
        zhCN,
        zhCN.detail['corrective-action-answered'],
        { id: 'CAR-1', at: '2026-03-02T06:00:00.000Z' },
        {
          timeZone: 'Asia/Shanghai',
        },
      ),
      '纠正措施 CAR-1 已于 2026-03-02 14:00（Asia/Shanghai） 答复。',
    );
    assert.equal(
      say(zhCN, zhCN.detail['escalation-beyond-ladder'], { severity: 'critical', levels: 2 }),
      '「严重」案件的升级阶梯只有 2 级。',
    );
  });

  it("names a policy's steps, severities and outcomes in the reader's words", () => {
    assert.equal(
      say(zhCN, zhCN.fieldRule['unknown-step'], { steps: ['identify', 'analyse'] }),
      '未知的步骤（可用：识别、分析）。',
    );
    assert.equal(
      say(zhCN, zhCN.fieldRule.outcome, { outcomes: ['approved', 'probation'] }),
      '须为以下之一：合格、试用观察。',
    );
    assert.equal(
      say(en, en.fieldRule['unknown-step'], { steps: ['identify', 'analyse'] }),
      'unknown step (known: identify, analyse)',
    );
  });

  it('keeps the codes of an English sentence as they are, and an unknown code as it is', () => {
    assert.equal(
      say(en, en.detail['step-not-current'], { id: 'c-1', currentStep: 'identify', requestedStep: 'verify' }),
      "Complaint c-1 is at step 'identify', not 'verify'",
    );
    assert.equal(
      say(zhCN, zhCN.detail['deescalation-supervisor-only'], { role: 'plant-director' }),
      '只有plant-director可以为案件降级。',
    );
  });

  it('reads an instant on the wall clock of a zone, whatever the summer time', () => {
    assert.equal(localTime('2026-03-02T06:00:00.000Z', 'Asia/Shanghai'), '2026-03-02 14:00');
    assert.equal(localTime('2026-07-01T23:30:00.000Z', 'Europe/Berlin'), '2026-07-02 01:30');
    assert.equal(localTime('not a time', 'UTC'), 'not a time');
  });
});
