import { beforeAll, describe, expect, it } from 'vitest';
import { i18next, initI18n } from '../i18n/index.js';
import { reasonFor, sentenceFor, type TimelineEntry } from './timeline.js';

const entry = (type: string, data: Record<string, unknown>, actor: string | null = 'li.wei'): TimelineEntry => ({
  seq: 1,
  position: 1,
  id: 'e',
  type,
  time: '2026-12-01T08:00:00Z',
  actor,
  cause: null,
  data,
  metadata: {},
  hash: 'h',
  prevHash: null,
});

describe('an event as a sentence', () => {
  beforeAll(() => initI18n('en'));

  it('says what the customer wrote in, and what came from an address the case does not know, in both languages', async () => {
    const wrote = (verified: boolean) =>
      entry('CustomerMessageReceived', { from: 'a@b.example', verified }, 'customer:email');
    await i18next.changeLanguage('en');
    expect(sentenceFor(wrote(true), i18next.t)).toBe('The customer wrote by e-mail (a@b.example)');
    expect(sentenceFor(wrote(false), i18next.t)).toBe(
      'a@b.example wrote by e-mail about this case, from an address that is not the customer’s (sender not verified)',
    );
    expect(sentenceFor(entry('ComplaintRegistered', {}, 'customer:email'), i18next.t)).toBe(
      'The customer (by e-mail) registered the complaint',
    );
    await i18next.changeLanguage('zh-CN');
    expect(sentenceFor(wrote(true), i18next.t)).toBe('顾客来信（电子邮件，a@b.example）');
    expect(sentenceFor(wrote(false), i18next.t)).toBe(
      'a@b.example 就此案来信，但其地址不是顾客的地址（发件人未经核实）',
    );
    expect(sentenceFor(entry('ComplaintRegistered', {}, 'customer:web-form'), i18next.t)).toBe(
      '顾客（网页表单） 登记了投诉',
    );
  });

  it('says who did what, with codes in the data turned into words', async () => {
    await i18next.changeLanguage('en');
    const t = i18next.t;
    expect(sentenceFor(entry('ComplaintAnalysed', { causeCategory: 'material' }), t)).toBe(
      'li.wei found the root cause (Material)',
    );
    expect(sentenceFor(entry('SeverityChanged', { from: 'normal', to: 'critical' }), t)).toBe(
      'li.wei changed the severity from Normal to Critical',
    );
    expect(sentenceFor(entry('SlaBreached', { clock: 'step:verify' }, 'system'), t)).toBe(
      'The Current step · Verify clock passed its target',
    );
    expect(sentenceFor(entry('ResolutionVerified', { effective: false }, 'sup.wang'), t)).toBe(
      'sup.wang verified the resolution: Not effective: send it back',
    );
    expect(sentenceFor(entry('PerformanceRecorded', {}, 'zhao.sqe'), t)).toBe('zhao.sqe recorded performance data');
    expect(
      sentenceFor(entry('ComplaintReopened', { returnTo: 'analyse', trigger: 'verification-failed' }, 'sup.wang'), t),
    ).toBe('Verification failed: back to Analyse');
    expect(sentenceFor(entry('ComplaintReopened', { returnTo: 'analyse', trigger: 'supervisor' }, 'sup.wang'), t)).toBe(
      'sup.wang reopened the case at Analyse',
    );
  });

  it('in Chinese, and falls back to the type for an event the catalogue does not know yet', async () => {
    await i18next.changeLanguage('zh-CN');
    const t = i18next.t;
    expect(sentenceFor(entry('ComplaintReopened', { returnTo: 'analyse' }, 'sup.wang'), t)).toBe(
      'sup.wang 将案件重新打开至「分析」',
    );
    expect(
      sentenceFor(entry('ComplaintReopened', { returnTo: 'analyse', trigger: 'verification-failed' }, 'sup.wang'), t),
    ).toBe('验证未通过，退回「分析」');
    expect(sentenceFor(entry('SomethingNewHappened', {}), t)).toBe('SomethingNewHappened');
  });

  it("says the customer's own answer as theirs, and one an owner took as the owner's", async () => {
    await i18next.changeLanguage('zh-CN');
    const t = i18next.t;
    const answer = { satisfied: false, satisfactionScore: 2, contactChannel: 'web' };
    expect(sentenceFor(entry('CustomerFeedbackRecorded', { ...answer, linkId: 'l-1' }, 'customer:CUST-7'), t)).toBe(
      '顾客通过链接作出评价（满意度 2/5）',
    );
    await i18next.changeLanguage('en');
    expect(sentenceFor(entry('CustomerFeedbackRecorded', answer), i18next.t)).toBe(
      "li.wei recorded the customer's response (satisfaction 2/5)",
    );
  });

  it("says why in the reader's words: an SLA escalation's clock, a withdrawal's reason code, what a person wrote as written", async () => {
    await i18next.changeLanguage('zh-CN');
    const t = i18next.t;
    const bySla = entry(
      'ComplaintEscalated',
      {
        trigger: 'sla',
        clock: 'acknowledge',
        dueAt: '2026-12-01T08:00:00.000Z',
        reason: 'acknowledge clock past its target (due 2026-12-01T08:00:00.000Z)',
      },
      'system:sla',
    );
    expect(reasonFor(bySla, t)).toMatch(/^「确认受理」已于 2026-12-01 \d\d:00 超出时限$/);
    expect(reasonFor(entry('ComplaintEscalated', { trigger: 'manual', reason: '客户再次来电' }), t)).toBe(
      '客户再次来电',
    );
    expect(reasonFor(entry('ComplaintWithdrawn', { reason: 'duplicate', explanation: '同一批次' }), t)).toMatch(
      /^[^a-z]+ · 同一批次$/,
    );
    expect(reasonFor(entry('CommentAdded', { text: '已联系客户' }), t)).toBeUndefined();
  });
});
