import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { mailTemplates } from '../libs/domain/index.js';
import { locales } from '../libs/i18n/index.js';
import { mailText } from './mail-text.js';

const values = {
  number: 'CMP-2026-000042',
  title: 'Valve <script>alert(1)</script> leaks',
  severity: 'high',
  clock: 'acknowledge',
  dueAt: '2026-03-02T06:00:00.000Z',
  level: 2,
  role: 'department-manager',
  supplierId: 'SUP-7K3M9QXA',
  actionId: 'CA-1',
  responseDue: '2026-03-09T06:00:00.000Z',
};

describe('an e-mail from its template', () => {
  it('writes every template in every language, with no placeholder left and the subject on one line', () => {
    for (const template of mailTemplates)
      for (const language of locales) {
        const { subject, text, html } = mailText({ template, language, values, name: 'Jane' });
        for (const part of [subject, text, html]) assert.doesNotMatch(part, /\{\{|\}\}/, `${template} ${language}`);
        assert.doesNotMatch(subject, /[\r\n]/);
        assert.match(html, new RegExp(`<html lang="${language}">`));
      }
  });

  it('says codes in the reader’s words and due times in their zone', () => {
    const chinese = mailText({ template: 'sla-warning', language: 'zh-CN', values });
    assert.equal(chinese.subject, '[CMP-2026-000042] 即将到期：确认受理');
    assert.match(chinese.text, /^您好：/);
    assert.match(chinese.text, /2026-03-02 14:00（Asia\/Shanghai）/);
    const english = mailText({ template: 'sla-warning', language: 'en', values, calendarZone: 'Europe/Berlin' });
    assert.match(english.text, /due at 2026-03-02 07:00 \(Europe\/Berlin\)/);
  });

  it('keeps what people wrote as text in the HTML part, and adds nothing remote', () => {
    const { html, text } = mailText({ template: 'acknowledgement', language: 'en', values, name: '<b>Jane</b>' });
    assert.match(text, /Valve <script>alert\(1\)<\/script> leaks/, 'the text part says it as written');
    assert.doesNotMatch(html, /<script|<b>/);
    assert.match(html, /Valve &lt;script&gt;alert\(1\)&lt;\/script&gt; leaks/);
    assert.match(html, /Dear &lt;b&gt;Jane&lt;\/b&gt;,/);
    assert.doesNotMatch(html, /<img|https?:/);
  });

  it('links staff to the case, and says a manual escalation’s reason and the closing summary', () => {
    const link = 'https://qloop.example/complaints/c-1?a=1&b=2';
    const escalated = mailText({
      template: 'escalated',
      language: 'en',
      values: { ...values, why: 'Line stopped' },
      link,
    });
    assert.match(escalated.text, /Line stopped/);
    assert.match(escalated.text, /Open the case: https:\/\/qloop\.example\/complaints\/c-1\?a=1&b=2/);
    assert.match(escalated.html, /<a href="https:\/\/qloop\.example\/complaints\/c-1\?a=1&amp;b=2">/);
    const closed = mailText({ template: 'closed', language: 'zh-CN', values: { ...values, summary: '更换了密封圈' } });
    assert.match(closed.text, /处理结果：更换了密封圈/);
  });

  it('gives the customer the page to answer on, and until when it works, in their words', () => {
    const link = 'https://qloop.example/feedback/AbC_-12';
    const asked = mailText({
      template: 'feedback-link',
      language: 'zh-CN',
      values: { ...values, summary: '更换了密封圈', dueAt: '2026-03-16T06:00:00.000Z' },
      link,
    });
    assert.equal(asked.subject, '您的投诉 CMP-2026-000042 是否已解决？请告诉我们');
    assert.match(asked.text, /请在此作答，无需注册：https:\/\/qloop\.example\/feedback\/AbC_-12/);
    assert.match(asked.text, /处理结果：更换了密封圈/);
    assert.match(asked.text, /链接有效期至 2026-03-16/);
    assert.doesNotMatch(asked.text, /查看案件/);
    assert.match(asked.html, /<a href="https:\/\/qloop\.example\/feedback\/AbC_-12">/);
  });
});
