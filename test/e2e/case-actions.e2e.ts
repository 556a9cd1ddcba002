import { randomUUID } from 'node:crypto';
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { promisify } from 'node:util';
import {
  AssignDto,
  CommentDto,
  ContainmentDto,
  CustomerWaitDto,
  EndCustomerWaitDto,
  EscalateDto,
  DeescalateDto,
  ReopenDto,
  SeverityDto,
  WithdrawDto,
} from '../../apps/api/complaints/dto/case-actions.dto.js';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import {
  AnalyseStepDto,
  ArchiveStepDto,
  FeedbackStepDto,
  IdentifyStepDto,
  ResolveStepDto,
  VerifyStepDto,
} from '../../apps/api/complaints/dto/step-bodies.dto.js';
import { resolveTemporalCli } from '../../libs/platform/temporal-cli.js';
import { http, startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { as } from '../support/tokens.js';
import { idFromKey } from '../../libs/support/stable-id.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook.js';
import { withoutMailRecords } from '../support/mail-records.js';

const run = promisify(execFile);
const owner = as('li.wei', 'owner');
const supervisor = as('sup.wang', 'supervisor');

/** Critical cases must be acknowledged within 2 s here, low ones within four hours, the rest within an hour; a high one contained within 2 s. */
const policyYaml = `
severities:
${['low', 'normal', 'high'].map((s) => `  ${s}: { acknowledge: ${s === 'low' ? 'PT4H' : 'PT1H'},${s === 'high' ? ' containment: PT2S,' : ''} case: PT2H, warningRatio: 0.8, escalation: [{ role: team-lead, after: PT0S }, { role: department-manager, after: PT1H }] }`).join('\n')}
  critical:
    acknowledge: PT2S
    case: PT1H
    warningRatio: 0.5
    escalation:
      - { role: team-lead, person: zhou.lead, after: PT0S }
      - { role: department-manager, after: PT1H }
`;

describe('case actions and SLA clocks over HTTP (npm start with SLA_POLICY_PATH and NOTIFY_WEBHOOK_URL)', () => {
  let dataDir: string;
  let app: RunningApp;
  let api: ReturnType<typeof http>;
  let webhook: WebhookReceiver;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-actions-'));
    const policyPath = join(dataDir, 'sla-policy.yaml');
    writeFileSync(policyPath, policyYaml);
    webhook = await startWebhookReceiver();
    app = await startApp(join(dataDir, 'data'), {
      env: { SLA_POLICY_PATH: policyPath, NOTIFY_WEBHOOK_URL: webhook.url, RECEIVED_AT_MAX_AGE: 'P2D' },
    });
    api = http(app.baseUrl, as('reader', 'auditor'));
  });
  afterAll(async () => {
    await app?.stop();
    webhook?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const register = async (body: object = RegisterComplaintDto.example) => {
    const response = await api.post('/api/v1/complaints', body, as('desk', 'owner'));
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body as { id: string; number: string; revision: number };
  };
  const act = async (
    id: string,
    path: string,
    body: object,
    headers: Record<string, string> = owner,
    expected = 200,
  ) => {
    const response = await api.post(`/api/v1/complaints/${id}/${path}`, body, headers);
    assert.equal(response.status, expected, `${path}: ${JSON.stringify(response.body)}`);
    return response.body;
  };

  it('reassigns, comments, changes severity and escalates by hand, each on the record', async () => {
    const { id } = await register();
    await act(id, 'steps/identify', IdentifyStepDto.example);
    const reassigned = await act(id, 'assign', AssignDto.example, supervisor);
    assert.equal(reassigned.owner, AssignDto.example.owner);
    const formerOwner = await api.post(`/api/v1/complaints/${id}/comments`, CommentDto.example, owner);
    assert.equal(formerOwner.status, 403, "the case is no longer li.wei's");
    assert.equal(formerOwner.body.owner, AssignDto.example.owner);
    const commented = await act(id, 'comments', CommentDto.example, as(AssignDto.example.owner, 'owner'), 201);
    assert.equal(commented.commentCount, 1);
    assert.equal((await api.get(`/api/v1/complaints/${randomUUID()}/comments`, supervisor)).status, 404);
    const notes = await api.get(`/api/v1/complaints/${id}/comments`, supervisor);
    assert.equal(notes.status, 200);
    assert.deepEqual(
      notes.body.comments.map((c: { text: string; by: string; revision: number }) => [c.text, c.by, c.revision]),
      [[CommentDto.example.text, AssignDto.example.owner, commented.revision]],
    );
    const severe = await act(id, 'severity', SeverityDto.example, supervisor);
    assert.equal(severe.severity, 'critical');
    assert.equal(
      severe.sla.clocks.find((c: { id: string }) => c.id === 'case').targetMs,
      3_600_000,
      're-planned to the critical case target',
    );
    const escalated = await act(id, 'escalate', EscalateDto.example, supervisor);
    assert.equal(escalated.sla.escalationLevel, 1);
    const higher = await act(id, 'escalate', { reason: 'Still no answer', level: 2 }, supervisor);
    assert.equal(higher.sla.escalationLevel, 2);
    const beyond = await api.post(`/api/v1/complaints/${id}/escalate`, { reason: 'More' }, supervisor);
    assert.equal(beyond.status, 422);
    assert.equal(beyond.body.type, 'urn:qloop:problem:rule-violated');

    const history = withoutMailRecords(
      (await api.get(`/api/v1/complaints/${id}/history`)).body.events as { type: string; actor: string }[],
    );
    assert.deepEqual(
      history.slice(2).map((e) => [e.type, e.actor]),
      [
        ['ComplaintReassigned', 'sup.wang'],
        ['CommentAdded', AssignDto.example.owner],
        ['SeverityChanged', 'sup.wang'],
        ['ComplaintEscalated', 'sup.wang'],
        ['ComplaintEscalated', 'sup.wang'],
      ],
    );
    await waitFor(
      'the manual escalation notice',
      () => webhook.aboutComplaint(id).some((n) => n.level === 2 && n.recipient.role === 'department-manager'),
      10_000,
    );
  });

  it('counts the clocks from when the complaint was received, and refuses a receipt in the future or too long ago', async () => {
    const hour = 3_600_000;
    const receivedAt = new Date(Date.now() - 3 * hour).toISOString();
    const low = { ...RegisterComplaintDto.example, severity: 'low' };
    const received = await register({ ...low, receivedAt });
    const view = (await api.get(`/api/v1/complaints/${received.id}`)).body;
    assert.equal(view.receivedAt, receivedAt);
    assert.ok(Date.parse(view.registeredAt) - Date.parse(receivedAt) >= 3 * hour);
    const acknowledge = view.sla.clocks.find((c: { id: string }) => c.id === 'acknowledge');
    assert.equal(acknowledge.dueAt, new Date(Date.parse(receivedAt) + 4 * hour).toISOString(), 'due in one hour');
    const registered = (await api.get(`/api/v1/complaints/${received.id}/history`)).body.events[0];
    assert.equal(registered.data.receivedAt, receivedAt, 'the registration event records it');

    const refused = async (body: object, field: string, expected = 422) => {
      const key = randomUUID();
      const response = await api.post('/api/v1/complaints', body, {
        ...as('desk', 'owner'),
        'Accept-Language': 'zh-CN',
        'Idempotency-Key': key,
      });
      assert.equal(response.status, expected, JSON.stringify(response.body));
      assert.match(response.contentType, /problem\+json/);
      const fields = [response.body.field, ...(response.body.errors ?? []).map((e: { field: string }) => e.field)];
      assert.ok(fields.includes(field), JSON.stringify(response.body));
      assert.match(JSON.stringify(response.body), /[\u4e00-\u9fff]/, 'said in Chinese');
      const stored = await api.get(`/api/v1/complaints/${idFromKey('complaint', key)}`);
      assert.equal(stored.status, 404, 'nothing was registered');
    };
    await refused({ ...low, receivedAt: new Date(Date.now() + 10 * 60_000).toISOString() }, 'receivedAt');
    await refused({ ...low, receivedAt: new Date(Date.now() - 3 * 24 * hour).toISOString() }, 'receivedAt');
    await refused({ ...low, receivedAt: '2026-12-05T10:05' }, 'receivedAt', 400);
    await refused({ ...low, receivedAt: 'yesterday' }, 'receivedAt', 400);
  });

  it('pauses the clocks while waiting on the customer, for a reason of the policy, and shows why', async () => {
    const { id } = await register();
    const written = async () =>
      withoutMailRecords((await api.get(`/api/v1/complaints/${id}/history`)).body.events as { type: string }[]).length;
    const before = await written();
    const noCode = await api.post(`/api/v1/complaints/${id}/customer-wait`, { reason: 'Waiting' }, owner);
    assert.equal(noCode.status, 400, JSON.stringify(noCode.body));
    assert.deepEqual(
      noCode.body.errors.map((e: { field: string }) => e.field),
      ['reasonCode'],
    );
    const unknown = await api.post(
      `/api/v1/complaints/${id}/customer-wait`,
      { ...CustomerWaitDto.example, reasonCode: 'awaiting-godot' },
      owner,
    );
    assert.equal(unknown.status, 422, JSON.stringify(unknown.body));
    assert.equal(unknown.body.field, 'reasonCode');
    assert.equal(await written(), before, 'nothing was written');

    const offered = (await api.get(`/api/v1/complaints/${id}`)).body.scales.pauseReasons;
    assert.deepEqual(
      offered.map((reason: { code: string }) => reason.code),
      ['awaiting-information', 'awaiting-returned-part', 'awaiting-customer-test', 'customer-unreachable'],
    );
    const waiting = await act(id, 'customer-wait', CustomerWaitDto.example);
    assert.equal(waiting.sla.paused, true);
    assert.equal(waiting.sla.dueAt, undefined);
    assert.equal(waiting.waitingOnCustomer.reason, CustomerWaitDto.example.reason);
    assert.equal(waiting.waitingOnCustomer.reasonCode, 'awaiting-returned-part');
    await waitFor(
      'the case in the waiting list, with its reason',
      async () =>
        (await api.get('/api/v1/complaints?paused=true&limit=200')).body.items.some(
          (item: { id: string; sla: { waitReason: string | null } }) =>
            item.id === id && item.sla.waitReason === 'awaiting-returned-part',
        ),
      10_000,
    );
    assert.equal(
      (await api.post(`/api/v1/complaints/${id}/customer-wait`, CustomerWaitDto.example, owner)).status,
      422,
    );
    const resumed = await act(id, 'customer-wait/end', EndCustomerWaitDto.example);
    assert.equal(resumed.sla.paused, false);
    assert.ok(Date.parse(resumed.sla.dueAt) > Date.now());
    assert.equal((await api.post(`/api/v1/complaints/${id}/customer-wait/end`, {}, owner)).status, 422);
    await waitFor(
      'the wait in the report, by its reason',
      async () =>
        (await api.get('/api/v1/reports/complaints', supervisor)).body.sections.pausedByReason.some(
          (row: { reason: string; waits: number; totalMs: number }) =>
            row.reason === 'awaiting-returned-part' && row.waits >= 1 && row.totalMs >= 0,
        ),
      10_000,
    );
    const zh = await api.get('/api/v1/reports/complaints', { ...supervisor, 'Accept-Language': 'zh-CN' });
    assert.equal(zh.body.labels.sections.pausedByReason, '等待顾客的时间（按原因）');
  });

  it('runs a containment clock from receipt: breached and escalated when nothing is done in time, stopped when something is', async () => {
    const high = { ...RegisterComplaintDto.example, severity: 'high' };
    const late = await register(high);
    const registered = (await api.get(`/api/v1/complaints/${late.id}`)).body;
    assert.ok(
      registered.sla.clocks.some(
        (c: { id: string; targetMs: number }) => c.id === 'containment' && c.targetMs === 2000,
      ),
      JSON.stringify(registered.sla.clocks),
    );
    await waitFor(
      'the containment breach',
      async () =>
        (await api.get(`/api/v1/complaints/${late.id}/history`)).body.events.some(
          (e: { type: string; data: { clock?: string } }) =>
            e.type === 'ComplaintEscalated' && e.data.clock === 'containment',
        ),
      20_000,
    );
    const breached = (await api.get(`/api/v1/complaints/${late.id}`, owner)).body;
    const containment = breached.sla.clocks.find((c: { id: string }) => c.id === 'containment');
    assert.deepEqual([containment.targetMs, containment.breached], [2000, true]);
    assert.equal(breached.sla.escalationLevel, 1);
    assert.ok(breached.allowedActions.includes('contain'));
    await waitFor(
      'the escalation notice',
      () =>
        webhook
          .aboutComplaint(late.id)
          .some((n) => n.event === 'ComplaintEscalated' && n.recipient.role === 'team-lead'),
      10_000,
    );
    const contained = await act(late.id, 'containment', ContainmentDto.example);
    assert.equal(contained.containment.action, ContainmentDto.example.action);
    assert.equal(
      contained.sla.clocks.find((c: { id: string }) => c.id === 'containment').stoppedAt !== undefined,
      true,
    );
    assert.equal(contained.allowedActions.includes('contain'), false, 'recorded once');
    const again = await api.post(`/api/v1/complaints/${late.id}/containment`, ContainmentDto.example, owner);
    assert.equal(again.status, 422);
    assert.equal((await api.post(`/api/v1/complaints/${late.id}/containment`, {}, owner)).status, 400);

    // Contained at once, the clock stops short of its target and nothing escalates.
    const prompt = await register(high);
    await act(prompt.id, 'containment', ContainmentDto.example);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const history = (await api.get(`/api/v1/complaints/${prompt.id}/history`)).body.events;
    assert.deepEqual(
      withoutMailRecords(history as { type: string }[]).map((e) => e.type),
      ['ComplaintRegistered', 'ContainmentRecorded'],
    );
  });

  it('runs the SLA clocks of the policy file: a late critical case breaches, escalates, notifies and shows in visibility', async () => {
    const { id } = await register({ ...RegisterComplaintDto.example, severity: 'critical' });
    await waitFor(
      'the escalation',
      async () => (await api.get(`/api/v1/complaints/${id}`)).body.sla.escalationLevel >= 1,
      20_000,
    );
    const current = (await api.get(`/api/v1/complaints/${id}`)).body;
    const acknowledge = current.sla.clocks.find((c: { id: string }) => c.id === 'acknowledge');
    assert.equal(acknowledge.targetMs, 2000);
    assert.equal(acknowledge.breached, true);
    const history = withoutMailRecords(
      (await api.get(`/api/v1/complaints/${id}/history`)).body.events as { type: string; actor: string }[],
    );
    assert.deepEqual(
      history.slice(1, 4).map((e) => [e.type, e.actor]),
      [
        ['SlaWarningIssued', 'system:sla'],
        ['SlaBreached', 'system:sla'],
        ['ComplaintEscalated', 'system:sla'],
      ],
    );
    await waitFor(
      'the webhook',
      () =>
        webhook.aboutComplaint(id).some((n) => n.event === 'ComplaintEscalated' && n.recipient.person === 'zhou.lead'),
      10_000,
    );

    // The auditor traces what the timer recorded to the timer that fired in the case's Temporal history.
    const audit = (await api.get(`/api/v1/complaints/${id}/audit`, as('eve.audit', 'auditor'))).body;
    assert.equal(audit.verdict, 'intact', JSON.stringify(audit));
    assert.equal(audit.workflow.traced, audit.events);

    // The product registered its search attributes at start-up: the real CLI can filter on them.
    const cli = await resolveTemporalCli();
    await waitFor('the case in visibility', async () => {
      const list = await run(cli, [
        'workflow',
        'list',
        '--address',
        app.temporalAddress,
        '--query',
        `ComplaintSeverity = 'critical' AND EscalationLevel >= 1 AND ComplaintStep = 'identify'`,
      ]);
      return list.stdout.includes(`complaint-${id}`);
    });

    // Acknowledging the late case stops the clock that escalated it; the case stays on its rung and in the escalated view.
    const identified = await act(id, 'steps/identify', IdentifyStepDto.example);
    assert.equal(identified.sla.escalationLevel, acknowledge.level);
    await waitFor('the escalated view to keep the case', async () => {
      const list = await api.get(`/api/v1/complaints?escalated=true&step=analyse`, supervisor);
      return list.body.items.some((item: { id: string }) => item.id === id);
    });
    await waitFor('visibility to keep the level', async () => {
      const list = await run(cli, [
        ...['workflow', 'list', '--address', app.temporalAddress, '--query'],
        `ComplaintStep = 'analyse' AND EscalationLevel >= 1 AND WorkflowId = 'complaint-${id}'`,
      ]);
      return list.stdout.includes(`complaint-${id}`);
    });
    // Only a supervisor brings it down, on purpose and on the record.
    const byOwner = await api.post(`/api/v1/complaints/${id}/de-escalate`, { reason: 'Done' }, owner);
    assert.equal(byOwner.status, 403);
    const down = await act(id, 'de-escalate', DeescalateDto.example, supervisor);
    assert.equal(down.sla.escalationLevel, 0);
    const again = await api.post(`/api/v1/complaints/${id}/de-escalate`, { reason: 'Twice' }, supervisor);
    assert.equal(again.status, 422);
    const last = (await api.get(`/api/v1/complaints/${id}/history`)).body.events.at(-1);
    assert.deepEqual([last.type, last.actor, last.data.from, last.data.to], ['ComplaintDeescalated', 'sup.wang', 1, 0]);
  });

  it('withdraws a duplicate with a link to the surviving case, and refuses a link to nowhere', async () => {
    const survivor = await register();
    const duplicate = await register();
    const nowhere = await api.post(
      `/api/v1/complaints/${duplicate.id}/withdraw`,
      { ...WithdrawDto.example, duplicateOf: crypto.randomUUID() },
      supervisor,
    );
    assert.equal(nowhere.status, 422);
    assert.equal(nowhere.body.field, 'duplicateOf');
    const withdrawn = await act(
      duplicate.id,
      'withdraw',
      { ...WithdrawDto.example, duplicateOf: survivor.number },
      supervisor,
    );
    assert.equal(withdrawn.status, 'withdrawn');
    assert.equal(withdrawn.withdrawal.duplicateOf, survivor.id);
    assert.equal(
      (await api.post(`/api/v1/complaints/${duplicate.id}/comments`, CommentDto.example, owner)).status,
      409,
    );
    const missing = await api.post(
      `/api/v1/complaints/${survivor.id}/withdraw`,
      { reason: 'duplicate', explanation: 'x' },
      supervisor,
    );
    assert.equal(missing.status, 422);
  });

  it('reopens an archived case for a supervisor only; an open case cannot be reopened', async () => {
    const { id } = await register();
    assert.equal((await api.post(`/api/v1/complaints/${id}/reopen`, ReopenDto.example, supervisor)).status, 409);
    for (const [name, body, actor] of [
      ['identify', IdentifyStepDto.example, owner],
      ['analyse', AnalyseStepDto.example, owner],
      ['resolve', ResolveStepDto.example, owner],
      ['verify', VerifyStepDto.example, as('zhang.qa', 'supervisor')],
      ['feedback', FeedbackStepDto.example, owner],
      ['archive', ArchiveStepDto.example, owner],
    ] as const)
      await act(id, `steps/${name}`, body, actor);

    const denied = await api.post(`/api/v1/complaints/${id}/reopen`, ReopenDto.example, owner);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.type, 'urn:qloop:problem:not-permitted');
    const reopened = await act(id, 'reopen', ReopenDto.example, supervisor);
    assert.equal(reopened.status, 'open');
    assert.equal(reopened.step, 'analyse');
    assert.equal((await api.get(`/api/v1/complaints/${id}`)).body.step, 'analyse');
    assert.equal((await act(id, 'steps/analyse', AnalyseStepDto.example)).step, 'resolve');
    assert.equal(
      (await api.post(`/api/v1/complaints/${crypto.randomUUID()}/reopen`, ReopenDto.example, supervisor)).status,
      404,
    );
  });

  it('answers bad bodies and headers on the new endpoints with 400 and field errors', async () => {
    const { id } = await register();
    const cases: [string, object, string[]][] = [
      ['assign', { owner: '' }, ['owner']],
      ['comments', { text: 'x'.repeat(5001) }, ['text']],
      ['escalate', { reason: 'x', level: 0 }, ['level']],
      ['severity', { severity: 'apocalyptic' }, ['reason', 'severity']],
      ['withdraw', { reason: 'bored', explanation: 'x', duplicateOf: 'nope' }, ['duplicateOf', 'reason']],
      ['reopen', { returnTo: 'identify', reason: 'x' }, ['returnTo']],
    ];
    for (const [path, body, fields] of cases) {
      const response = await api.post(`/api/v1/complaints/${id}/${path}`, body, supervisor);
      assert.equal(response.status, 400, path);
      assert.deepEqual(response.body.errors.map((e: { field: string }) => e.field).sort(), fields, path);
    }
    const badRole = await api.post(`/api/v1/complaints/${id}/comments`, CommentDto.example, as('x', 'emperor'));
    assert.equal(badRole.status, 403, 'a role qloop does not know grants nothing');
    assert.equal(
      withoutMailRecords((await api.get(`/api/v1/complaints/${id}/history`)).body.events as { type: string }[]).length,
      1,
      'nothing was written',
    );
  });
});
