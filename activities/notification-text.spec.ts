import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { ComplaintNotification } from '../libs/contracts/index.js';
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
});
