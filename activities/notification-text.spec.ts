import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { ComplaintNotification, SupplierNotification } from '../libs/contracts/index.js';
import { notificationText } from './notification-text.js';

const base = { complaintId: 'c-1', severity: 'high', step: 'analyse', at: '2026-03-02T05:00:00.000Z' };

describe("a notification's text", () => {
  it('says a warning in both languages, the clock in words and the due time local', () => {
    const warning: ComplaintNotification = {
      ...base,
      event: 'SlaWarningIssued',
      recipient: { role: 'owner', person: 'li.wei' },
      clock: 'acknowledge',
      dueAt: '2026-03-02T06:00:00.000Z',
      reason: 'acknowledge clock due at 2026-03-02T06:00:00.000Z',
    };
    assert.deepEqual(notificationText(warning), {
      en: 'Complaint c-1: the acknowledge clock is due at 2026-03-02 06:00 (UTC)',
      'zh-CN': '投诉 c-1：「确认受理」时限将于 2026-03-02 14:00（Asia/Shanghai） 到期。',
    });
    assert.equal(
      notificationText(warning, 'Europe/Berlin')!.en,
      'Complaint c-1: the acknowledge clock is due at 2026-03-02 07:00 (Europe/Berlin)',
      "the business calendar's zone, when the policy has one",
    );
  });

  it('says an escalation by the SLA timer and one by hand', () => {
    const bySla: ComplaintNotification = {
      ...base,
      event: 'ComplaintEscalated',
      recipient: { role: 'supervisor' },
      level: 1,
      clock: 'case',
      dueAt: '2026-03-02T06:00:00.000Z',
      reason: 'case clock past its target (due 2026-03-02T06:00:00.000Z)',
    };
    assert.equal(
      notificationText(bySla)!['zh-CN'],
      '投诉 c-1 已升级至第 1 级（主管）：「整个案件」已于 2026-03-02 14:00（Asia/Shanghai） 超出时限。',
    );
    const { clock: _, dueAt: __, ...byHand } = bySla;
    assert.equal(
      notificationText({ ...byHand, reason: 'Customer called' })!['zh-CN'],
      '投诉 c-1 已升级至第 1 级（主管）。',
    );
    assert.equal(
      notificationText({ ...byHand, reason: 'Customer called' })!.en,
      'Complaint c-1 was escalated to level 1 (supervisor)',
    );
  });

  it("says a supplier's evaluation and corrective action from their fields, and nothing for one sent before it had them", () => {
    const started: SupplierNotification = {
      supplierId: 'SUP-7',
      event: 'EvaluationStarted',
      recipient: { role: 'supplier-quality-engineer' },
      reason: 'Evaluation EV-2 (manual) to be scored by 2026-03-12T05:00:00.000Z',
      at: '2026-03-02T05:00:00.000Z',
      evaluationId: 'EV-2',
      trigger: 'manual',
      dueBy: '2026-03-12T05:00:00.000Z',
    };
    const text = notificationText(started)!;
    assert.equal(text.en, 'Supplier SUP-7: evaluation EV-2 (manual) is to be scored by 2026-03-12 05:00 (UTC)');
    assert.match(text['zh-CN'], /^供应商 SUP-7：评价 EV-2（[^a-z]+）须于 2026-03-12 13:00（Asia\/Shanghai） 前评分。$/);
    const overdue: SupplierNotification = {
      supplierId: 'SUP-7',
      event: 'CorrectiveActionOverdue',
      recipient: { role: 'sq-manager' },
      reason: 'SCAR-1 was not answered by 2026-04-01T00:00:00.000Z',
      at: '2026-04-01T00:00:00.000Z',
      actionId: 'SCAR-1',
      responseDue: '2026-04-01T00:00:00.000Z',
    };
    assert.equal(
      notificationText(overdue)!['zh-CN'],
      '供应商 SUP-7：纠正措施要求 SCAR-1 未在 2026-04-01 08:00（Asia/Shanghai） 前答复。',
    );
    const { evaluationId: _, trigger: __, dueBy: ___, ...before } = started;
    assert.equal(notificationText(before), undefined);
  });
});
