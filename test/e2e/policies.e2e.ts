import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import { defaultEvaluationPolicyDocument, defaultSlaPolicyDocument } from '../../libs/domain/index.js';
import { http, startApp, type RunningApp } from '../support/app-process.js';
import { as } from '../support/tokens.js';

const admin = as('ada.admin', 'admin');
const put = (baseUrl: string, path: string, body: unknown, headers: Record<string, string>) =>
  http(baseUrl).put(path, body, headers);

/** Acknowledge a normal complaint within 7 minutes: easy to recognise in a case's due time. */
const quickerAcknowledgement = {
  severities: {
    ...defaultSlaPolicyDocument.severities,
    normal: { ...defaultSlaPolicyDocument.severities.normal, acknowledge: 'PT7M' },
  },
};

describe('policies an admin manages through the API', () => {
  let dataDir: string;
  let app: RunningApp;
  let api: ReturnType<typeof http>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-policies-'));
    app = await startApp(join(dataDir, 'data'));
    api = http(app.baseUrl, as('li.wei', 'owner'));
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows everyone the built-in policies until one is adopted, and 404 for a kind it does not know', async () => {
    const sla = await api.get('/api/v1/policies/sla');
    assert.equal(sla.status, 200);
    assert.deepEqual([sla.body.source, sla.body.revision], ['built-in', -1]);
    assert.deepEqual(sla.body.document, defaultSlaPolicyDocument);
    assert.deepEqual(
      (await api.get('/api/v1/policies/supplier-evaluation')).body.document,
      defaultEvaluationPolicyDocument,
    );
    assert.equal((await api.get('/api/v1/policies/holidays')).status, 404);
  });

  it('refuses a bad document with every bad field named, and a non-admin with 403, changing nothing', async () => {
    const bad = await put(
      app.baseUrl,
      '/api/v1/policies/sla',
      {
        policy: {
          severities: {
            ...quickerAcknowledgement.severities,
            high: { ...defaultSlaPolicyDocument.severities.high, case: 'soon' },
          },
        },
      },
      admin,
    );
    assert.equal(bad.status, 422);
    assert.deepEqual(
      bad.body.errors.map((e: { field: string }) => e.field),
      ['policy.severities.high.case'],
    );
    assert.equal(
      (await put(app.baseUrl, '/api/v1/policies/sla', { policy: quickerAcknowledgement }, as('sup.wang', 'supervisor')))
        .status,
      403,
    );
    assert.equal(
      (await put(app.baseUrl, '/api/v1/policies/sla', { policy: quickerAcknowledgement, extra: 1 }, admin)).status,
      400,
    );
    assert.deepEqual((await api.get('/api/v1/policies/sla/history')).body, []);
  });

  it("names each bad field of a policy in the reader's language, in adoption and in what-if alike", async () => {
    const { low, high, critical } = defaultSlaPolicyDocument.severities;
    const policy = {
      severities: {
        ...defaultSlaPolicyDocument.severities,
        low: { ...low, steps: { ...low!.steps, review: 'PT1H' } },
        high: { ...high, case: 'soon' },
        critical: { ...critical, escalation: [{ after: 'PT1H' }] },
      },
    };
    const fields = [
      'policy.severities.low.steps.review',
      'policy.severities.high.case',
      'policy.severities.critical.escalation[0].role',
    ];
    const errorsOf = (response: { body: { errors: { field: string; message: string }[] } }) =>
      response.body.errors.map(({ field, message }) => [field, message]);

    const chinese = await put(
      app.baseUrl,
      '/api/v1/policies/sla',
      { policy },
      { ...admin, 'accept-language': 'zh-CN' },
    );
    assert.equal(chinese.status, 422, JSON.stringify(chinese.body));
    assert.equal(chinese.body.title, '策略无效');
    const inChinese = [
      '未知的步骤（可用：识别、分析、解决、验证、反馈、归档）。',
      '「soon」不是以周、天、小时、分钟或秒表示的 ISO 8601 时长（例如 PT24H）。',
      '必填。',
    ];
    assert.deepEqual(
      errorsOf(chinese),
      fields.map((field, i) => [field, inChinese[i]]),
    );

    const english = await put(app.baseUrl, '/api/v1/policies/sla', { policy }, admin);
    assert.equal(english.status, 422);
    assert.deepEqual(
      errorsOf(english),
      fields.map((field, i) => [
        field,
        [
          'unknown step (known: identify, analyse, resolve, verify, feedback, archive)',
          "'soon' is not an ISO-8601 duration of weeks, days, hours, minutes or seconds (e.g. PT24H)",
          'required',
        ][i],
      ]),
    );

    const whatIf = await api.post(
      '/api/v1/audit/what-if',
      { policy },
      { ...as('eve.audit', 'auditor'), 'accept-language': 'zh-CN' },
    );
    assert.equal(whatIf.status, 422, JSON.stringify(whatIf.body));
    assert.deepEqual(errorsOf(whatIf), errorsOf(chinese));
    assert.deepEqual((await api.get('/api/v1/policies/sla/history')).body, [], 'nothing adopted');
  });

  it('refuses a calendar include through the API, in both languages; takes make-up working days written out', async () => {
    const calendar = {
      timeZone: 'Asia/Shanghai',
      workingDays: [1, 2, 3, 4, 5],
      hours: { start: '09:00', end: '18:00' },
      holidays: ['2026-10-01'],
    };
    const withInclude = { ...quickerAcknowledgement, calendar: { ...calendar, include: 'calendars/cn-2026.yaml' } };
    const errorsOf = (response: { body: { errors: { field: string; message: string }[] } }) =>
      response.body.errors.map(({ field, message }) => [field, message]);
    const english = await put(app.baseUrl, '/api/v1/policies/sla', { policy: withInclude }, admin);
    assert.equal(english.status, 422, JSON.stringify(english.body));
    assert.deepEqual(errorsOf(english), [
      [
        'policy.calendar.include',
        'a calendar file is included only by a policy file (SLA_POLICY_PATH); here, write its holidays and extraWorkingDays out',
      ],
    ]);
    const chinese = await put(
      app.baseUrl,
      '/api/v1/policies/sla',
      { policy: withInclude },
      { ...admin, 'accept-language': 'zh-CN' },
    );
    assert.deepEqual(errorsOf(chinese), [
      [
        'policy.calendar.include',
        '只有策略文件（SLA_POLICY_PATH）可以引用日历文件；此处请直接写出其 holidays 和 extraWorkingDays。',
      ],
    ]);
    const overlapping = { ...quickerAcknowledgement, calendar: { ...calendar, extraWorkingDays: ['2026-10-01'] } };
    const refused = await api.post('/api/v1/audit/what-if', { policy: overlapping }, as('eve.audit', 'auditor'));
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.deepEqual(
      refused.body.errors.map((e: { field: string }) => e.field),
      ['policy.calendar.extraWorkingDays[0]'],
    );

    const makeUp = { ...quickerAcknowledgement, calendar: { ...calendar, extraWorkingDays: ['2026-10-10'] } };
    const whatIf = await api.post('/api/v1/audit/what-if', { policy: makeUp }, as('eve.audit', 'auditor'));
    assert.equal(whatIf.status, 200, JSON.stringify(whatIf.body));
    assert.equal(typeof whatIf.body.summary.dueTimesMoved, 'number');
    for (const item of whatIf.body.cases) assert.ok(Array.isArray(item.dueTimes), JSON.stringify(item));
    assert.deepEqual((await api.get('/api/v1/policies/sla/history')).body, [], 'nothing adopted');
  });

  it('adopts a policy once under retry, guards it by revision, and registers new cases under it', async () => {
    const key = { ...admin, 'idempotency-key': 'quicker-ack-2026' };
    const adopted = await put(
      app.baseUrl,
      '/api/v1/policies/sla',
      { policy: quickerAcknowledgement, reason: 'Quality review 2026' },
      key,
    );
    assert.equal(adopted.status, 200, JSON.stringify(adopted.body));
    assert.deepEqual(
      [adopted.body.source, adopted.body.revision, adopted.body.adoptedBy, adopted.body.reason],
      ['adopted', 0, 'ada.admin', 'Quality review 2026'],
    );
    const retried = await put(
      app.baseUrl,
      '/api/v1/policies/sla',
      { policy: quickerAcknowledgement, reason: 'Quality review 2026' },
      key,
    );
    assert.deepEqual(retried.body, adopted.body, 'the same key: the same answer');
    assert.equal((await api.get('/api/v1/policies/sla/history')).body.length, 1, 'and no second event');

    const stale = await put(
      app.baseUrl,
      '/api/v1/policies/sla',
      { policy: defaultSlaPolicyDocument },
      { ...admin, 'if-match': '"5"' },
    );
    assert.equal(stale.status, 409);
    assert.equal(stale.body.type, 'urn:qloop:problem:revision-conflict');

    const current = (await api.get('/api/v1/policies/sla')).body;
    assert.deepEqual(current.document, quickerAcknowledgement);
    const created = await api.post('/api/v1/complaints', RegisterComplaintDto.example);
    assert.equal(created.status, 201);
    const due = Date.parse(created.body.sla.dueAt) - Date.parse(created.body.registeredAt);
    assert.equal(due, 7 * 60_000, 'a new case is due to be acknowledged within 7 minutes');

    const back = await put(
      app.baseUrl,
      '/api/v1/policies/sla',
      { policy: defaultSlaPolicyDocument },
      { ...admin, 'if-match': '0' },
    );
    assert.equal(back.status, 200);
    assert.equal(back.body.revision, 1);
    const later = await api.post('/api/v1/complaints', RegisterComplaintDto.example);
    assert.equal(Date.parse(later.body.sla.dueAt) - Date.parse(later.body.registeredAt), 4 * 3600_000);
    const first = await api.get(`/api/v1/complaints/${created.body.id}`);
    assert.equal(first.body.sla.dueAt, created.body.sla.dueAt, 'an open case keeps the policy it was registered under');

    const audited = (await api.get('/api/v1/policies/sla/history')).body.map(
      (view: { adoptedBy: string; revision: number }) => [view.revision, view.adoptedBy],
    );
    assert.deepEqual(audited, [
      [0, 'ada.admin'],
      [1, 'ada.admin'],
    ]);
  });

  it('takes If-Match "-1", the revision a policy shows before any adoption, as "nothing adopted yet"', async () => {
    const shown = (await api.get('/api/v1/policies/supplier-evaluation')).body;
    assert.equal(shown.revision, -1);
    const first = await put(
      app.baseUrl,
      '/api/v1/policies/supplier-evaluation',
      { policy: defaultEvaluationPolicyDocument },
      { ...admin, 'if-match': `"${shown.revision}"` },
    );
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.revision, 0);
    const late = await put(
      app.baseUrl,
      '/api/v1/policies/supplier-evaluation',
      { policy: defaultEvaluationPolicyDocument },
      { ...admin, 'if-match': '-1' },
    );
    assert.equal(late.status, 409, 'someone adopted one meanwhile');
    assert.equal((await api.get('/api/v1/policies/supplier-evaluation/history')).body.length, 1);
    assert.equal(
      (
        await put(
          app.baseUrl,
          '/api/v1/policies/supplier-evaluation',
          { policy: defaultEvaluationPolicyDocument },
          { ...admin, 'if-match': '-2' },
        )
      ).status,
      400,
    );
  });

  it('refuses durations past ten years and ladders past ten rungs, in adoption and in what-if alike; intake goes on', async () => {
    const absurd = {
      severities: {
        ...defaultSlaPolicyDocument.severities,
        normal: {
          ...defaultSlaPolicyDocument.severities.normal,
          case: 'P99999999W',
          escalation: Array.from({ length: 11 }, () => ({ role: 'team-lead', after: 'PT1H' })),
        },
      },
    };
    const adopted = await put(app.baseUrl, '/api/v1/policies/sla', { policy: absurd }, admin);
    assert.equal(adopted.status, 422, JSON.stringify(adopted.body));
    assert.deepEqual(adopted.body.errors.map((e: { field: string }) => e.field).sort(), [
      'policy.severities.normal.case',
      'policy.severities.normal.escalation',
    ]);
    for (const role of ['auditor', 'admin', 'supervisor']) {
      const whatIf = await api.post('/api/v1/audit/what-if', { policy: absurd }, as('someone', role));
      assert.ok([403, 422].includes(whatIf.status), `${role}: ${whatIf.status} ${JSON.stringify(whatIf.body)}`);
    }
    const registered = await api.post('/api/v1/complaints', RegisterComplaintDto.example, as('desk', 'owner'));
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
  });
});
