import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { catalogues, en, interpolate, negotiateLocale, zhCN, type Catalogue } from './index.js';

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
