import 'reflect-metadata';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
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
import { withoutMailRecords } from '../support/mail-records.js';

const run = promisify(execFile);
const owner = as('li.wei', 'owner');
// A teammate of the owner's (TEAMS_PATH): an owner, not a supervisor, who may verify li.wei's case.
const verifier = as('zhang.qa', 'owner');

describe('a complaint through the whole loop over HTTP (npm start: embedded Temporal, PGlite, worker, API)', () => {
  let dataDir: string;
  let app: RunningApp;
  let api: ReturnType<typeof http>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-e2e-'));
    const teams = join(dataDir, 'teams.yaml');
    writeFileSync(teams, 'teams:\n  line-2: [li.wei, zhang.qa]\n');
    app = await startApp(dataDir, { env: { TEAMS_PATH: teams } });
    api = http(app.baseUrl, owner);
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const register = async (
    headers: Record<string, string> = as('desk', 'owner'),
    body: object = RegisterComplaintDto.example,
  ) => {
    const response = await api.post('/api/v1/complaints', body, headers);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body as { id: string; number: string; step: string; revision: number; status: string };
  };
  const step = async (
    id: string,
    name: string,
    body: object,
    headers: Record<string, string> = owner,
    expected = 200,
  ) => {
    const response = await api.post(`/api/v1/complaints/${id}/steps/${name}`, body, headers);
    assert.equal(response.status, expected, `${name}: ${JSON.stringify(response.body)}`);
    return response.body;
  };

  it('registers, loops back on a failed verification and an unsatisfied customer, and archives', async () => {
    const created = await register();
    assert.equal(created.step, 'identify');
    assert.equal(created.revision, 0);
    const id = created.id;

    // A number people can say, given at registration, and good wherever the id is (in any case of letters).
    assert.match(created.number, /^CMP-\d{4}-\d{6}$/);
    const next = await register();
    const sequenceOf = (number: string) => Number(number.slice(-6));
    assert.equal(sequenceOf(next.number), sequenceOf(created.number) + 1, 'no gap between two registrations');
    for (const ref of [created.number, created.number.toLowerCase()])
      assert.equal((await api.get(`/api/v1/complaints/${ref}`)).body.id, id, ref);
    assert.equal((await step(created.number, 'identify', IdentifyStepDto.example)).step, 'analyse');
    await waitFor('the case found by its number', async () => {
      const found = await api.get(`/api/v1/complaints?q=${created.number}`, as('li.wei', 'owner'));
      return found.body.items.length === 1 && found.body.items[0].number === created.number;
    });
    const unknownNumber = created.number.replace(/\d{6}$/, '999999');
    assert.equal((await api.get(`/api/v1/complaints/${unknownNumber}`)).status, 404);

    assert.equal((await step(id, 'analyse', AnalyseStepDto.example)).step, 'resolve');
    assert.equal((await step(id, 'resolve', ResolveStepDto.example)).step, 'verify');
    const failed = await step(id, 'verify', { effective: false, notes: 'Two of 600 castings still leak' }, verifier);
    assert.equal(failed.step, 'analyse');
    assert.equal(failed.failedVerifications, 1);
    assert.equal(failed.reopenCount, 0, 'a failed verification is not a reopening');
    assert.equal((await step(id, 'analyse', AnalyseStepDto.example)).step, 'resolve');
    assert.equal((await step(id, 'resolve', ResolveStepDto.example)).step, 'verify');
    assert.equal((await step(id, 'verify', VerifyStepDto.example, verifier)).step, 'feedback');
    const reopened = await step(id, 'feedback', { ...FeedbackStepDto.example, satisfied: false, satisfactionScore: 2 });
    assert.equal(reopened.step, 'analyse');
    assert.equal(reopened.reopenCount, 1);
    assert.equal((await step(id, 'analyse', AnalyseStepDto.example)).step, 'resolve');
    assert.equal((await step(id, 'resolve', ResolveStepDto.example)).step, 'verify');
    assert.equal((await step(id, 'verify', VerifyStepDto.example, verifier)).step, 'feedback');
    assert.equal((await step(id, 'feedback', FeedbackStepDto.example)).step, 'archive');
    const archived = await step(id, 'archive', ArchiveStepDto.example);
    assert.equal(archived.status, 'archived');

    const current = await api.get(`/api/v1/complaints/${id}`);
    assert.equal(current.status, 200);
    assert.equal(current.body.status, 'archived');
    // The closing note's record may follow the archive: the case's last revision is the archive's or after it.
    assert.ok(current.body.revision >= archived.revision);
    assert.equal(current.body.owner, 'li.wei');

    const history = await api.get(`/api/v1/complaints/${id}/history`);
    const types = withoutMailRecords(history.body.events as { type: string }[]).map((e) => e.type);
    assert.deepEqual(types, [
      'ComplaintRegistered',
      'ComplaintIdentified',
      'ComplaintAnalysed',
      'ResolutionImplemented',
      'ResolutionVerified',
      'ComplaintReopened',
      'ComplaintAnalysed',
      'ResolutionImplemented',
      'ResolutionVerified',
      'CustomerFeedbackRecorded',
      'ComplaintReopened',
      'ComplaintAnalysed',
      'ResolutionImplemented',
      'ResolutionVerified',
      'CustomerFeedbackRecorded',
      'ComplaintArchived',
    ]);
    assert.deepEqual(
      history.body.events.map((e: { seq: number }) => e.seq),
      history.body.events.map((_: unknown, i: number) => i),
    );
    assert.equal(withoutMailRecords(history.body.events as { type: string; actor: string }[])[4]!.actor, 'zhang.qa');
    assert.ok(history.body.events.every((e: { hash: string }) => /^[0-9a-f]{64}$/.test(e.hash)));

    // An archived case takes no more steps.
    const late = await api.post(`/api/v1/complaints/${id}/steps/analyse`, AnalyseStepDto.example, owner);
    assert.equal(late.status, 409);
    assert.match(late.contentType, /application\/problem\+json/);
  });

  it('answers a step that is not the current one with 409 problem+json, and changes nothing', async () => {
    const { id } = await register();
    const response = await api.post(`/api/v1/complaints/${id}/steps/resolve`, ResolveStepDto.example, owner);
    assert.equal(response.status, 409);
    assert.match(response.contentType, /application\/problem\+json/);
    assert.equal(response.body.type, 'urn:qloop:problem:step-not-current');
    assert.equal(response.body.currentStep, 'identify');
    assert.equal(
      withoutMailRecords((await api.get(`/api/v1/complaints/${id}/history`)).body.events as { type: string }[]).length,
      1,
    );
  });

  it('refuses a stale expectedRevision or If-Match with 409', async () => {
    const { id } = await register();
    assert.equal(
      (
        await api.post(
          `/api/v1/complaints/${id}/steps/identify`,
          { ...IdentifyStepDto.example, expectedRevision: 3 },
          owner,
        )
      ).status,
      409,
    );
    assert.equal(
      (
        await api.post(`/api/v1/complaints/${id}/steps/identify`, IdentifyStepDto.example, {
          ...owner,
          'if-match': '"5"',
        })
      ).status,
      409,
    );
    const ok = await api.post(`/api/v1/complaints/${id}/steps/identify`, IdentifyStepDto.example, {
      ...owner,
      'if-match': '"0"',
    });
    assert.equal(ok.status, 200);
    // One more than before it: the identification, after the registration (and its acknowledgement's record, if in yet).
    assert.ok(ok.body.revision === 1 || ok.body.revision === 2, String(ok.body.revision));
    assert.equal(ok.body.step, 'analyse');
  });

  it('refuses verification by the implementer with 422', async () => {
    const { id } = await register();
    await step(id, 'identify', IdentifyStepDto.example);
    await step(id, 'analyse', AnalyseStepDto.example);
    await step(id, 'resolve', ResolveStepDto.example);
    const response = await api.post(`/api/v1/complaints/${id}/steps/verify`, VerifyStepDto.example, owner);
    assert.equal(response.status, 422);
    assert.equal(response.body.type, 'urn:qloop:problem:rule-violated');
  });

  it('answers bad input with 400 and field errors, unknown cases with 404, and never a 500', async () => {
    const invalid = await api.post('/api/v1/complaints', {
      ...RegisterComplaintDto.example,
      channel: 'pigeon',
      customer: {},
      surprise: true,
    });
    assert.equal(invalid.status, 400);
    assert.match(invalid.contentType, /application\/problem\+json/);
    const fields = invalid.body.errors.map((e: { field: string }) => e.field).sort();
    assert.deepEqual(fields, ['channel', 'customer.name', 'surprise']);

    const malformed = await api.post('/api/v1/complaints', '{"customer":', {});
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.type, 'urn:qloop:problem:malformed');

    const badAction = await api.post(`/api/v1/complaints/${crypto.randomUUID()}/steps/resolve`, {
      summary: 'x',
      actions: [{ kind: 'pray', description: 'x', owner: 'x', dueDate: 'soon' }],
    });
    assert.equal(badAction.status, 400);
    assert.deepEqual(badAction.body.errors.map((e: { field: string }) => e.field).sort(), [
      'actions[0].dueDate',
      'actions[0].kind',
    ]);

    // A reference that names no case is not found, whatever its shape.
    for (const ref of ['not-a-uuid', 'CMP-2026-000000', '%E4%B8%AD'])
      assert.equal((await api.get(`/api/v1/complaints/${ref}`)).status, 404, ref);
    assert.equal((await api.get(`/api/v1/complaints/${crypto.randomUUID()}`)).status, 404);
    assert.equal(
      (await api.post(`/api/v1/complaints/${crypto.randomUUID()}/steps/identify`, IdentifyStepDto.example)).status,
      404,
    );
  });

  it('registers once for a repeated Idempotency-Key', async () => {
    const headers = { ...as('desk', 'owner'), 'idempotency-key': `reg-${crypto.randomUUID()}` };
    const first = await register(headers);
    const again = await register(headers);
    assert.equal(again.id, first.id);
    assert.equal(again.number, first.number);
    const written = (await api.get(`/api/v1/complaints/${first.id}/history`)).body.events as { type: string }[];
    assert.equal(withoutMailRecords(written).length, 1);
  });

  it('shows each case as one workflow, each step an Update, in the real Temporal CLI', async () => {
    // A customer with no address: no acknowledgement is mailed, so the history holds the steps alone.
    const { id } = await register(undefined, {
      ...RegisterComplaintDto.example,
      customer: { name: 'A customer with no address on file' },
    });
    await step(id, 'identify', IdentifyStepDto.example);
    const cli = await resolveTemporalCli();
    const list = await run(cli, [
      'workflow',
      'list',
      '--address',
      app.temporalAddress,
      '--query',
      `WorkflowId = "complaint-${id}"`,
    ]);
    assert.match(list.stdout, new RegExp(`complaint-${id}\\s+complaintCase`));
    const show = await run(cli, [
      'workflow',
      'show',
      '--address',
      app.temporalAddress,
      '--workflow-id',
      `complaint-${id}`,
      '--output',
      'json',
    ]);
    const events: {
      eventType: string;
      workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest?: { input?: { name?: string } } };
      activityTaskScheduledEventAttributes?: { activityType?: { name?: string } };
    }[] = JSON.parse(show.stdout).events;
    const updates = events
      .filter((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED')
      .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name);
    assert.deepEqual(updates, ['RegisterComplaint', 'CompleteIdentification']);
    // The case number taken at registration, then one append per Update (the mail activity aside: it found no one to write to).
    const scheduled = events.flatMap((e) =>
      e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED'
        ? [e.activityTaskScheduledEventAttributes!.activityType!.name]
        : [],
    );
    assert.deepEqual(
      scheduled.filter((name) => name !== 'mail'),
      ['assignCaseNumber', 'appendEvents', 'appendEvents'],
    );
    assert.equal(
      events.filter((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED').length,
      scheduled.length,
      'each completed',
    );
  });

  it('publishes an OpenAPI document with an example for every request body', async () => {
    const doc = await api.get('/docs-json');
    assert.equal(doc.status, 200);
    const operations = Object.entries(
      doc.body.paths as Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { examples?: object }> } }>
      >,
    ).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ name: `${method} ${path}`, op })));
    const withBody = operations.filter(({ op }) => op.requestBody);
    assert.equal(
      withBody.length,
      41,
      "complaints 21 (3 of evidence), suppliers 8 (2 of evidence), customers 5, the customer's answer 1, the public form 2 (its files), notices read 1, what-if 1, policies 1, the embedded sign-in 1",
    );
    for (const { name, op } of withBody) {
      // An upload is files, described by its form's schema; every JSON body has an example.
      const upload = op.requestBody!.content['multipart/form-data'];
      if (upload) {
        const ref = (upload as { schema?: { $ref?: string } }).schema?.$ref?.split('/').pop() ?? '';
        const form = doc.body.components.schemas[ref]?.properties ?? {};
        assert.equal(form.file?.items?.format, 'binary', `${name} does not describe its file parts`);
        continue;
      }
      const examples = op.requestBody!.content['application/json']?.examples ?? {};
      assert.ok(Object.keys(examples).length > 0, `${name} has no request example`);
    }
  });

  it('traces each request by id in JSON logs, and counts requests, appends and cases by step in /metrics', async () => {
    const requestId = `trace-${crypto.randomUUID()}`;
    const created = await api.post('/api/v1/complaints', RegisterComplaintDto.example, {
      ...as('desk', 'owner'),
      'x-request-id': requestId,
    });
    assert.equal(created.headers.get('x-request-id'), requestId);
    assert.match(
      (await api.get('/health')).headers.get('x-request-id') ?? '',
      /^[0-9a-f-]{36}$/,
      'a request without an id gets one',
    );
    await waitFor('the request log line', () => app.output().includes(requestId));
    const line = app
      .output()
      .split('\n')
      .find((text) => text.includes(requestId))!;
    const logged = JSON.parse(line);
    assert.deepEqual([logged.req.method, logged.req.url, logged.res.statusCode], ['POST', '/api/v1/complaints', 201]);
    assert.doesNotMatch(app.output(), /Bearer ey/, 'tokens never reach the log');
    const [registered] = (await api.get(`/api/v1/complaints/${created.body.id}/history`)).body.events;
    assert.equal(registered.metadata.correlationId, requestId, 'the request id follows the command into its event');

    // Caught up as the metrics say it: the case's own e-mail records land a moment after its registration.
    let metrics = '';
    await waitFor('the read models caught up', async () => {
      metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
      return /^qloop_projection_lag 0$/m.test(metrics);
    });
    assert.match(
      metrics,
      /^qloop_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/complaints",status="201"\} [1-9]/m,
    );
    assert.match(metrics, /^qloop_event_store_append_duration_seconds_count\{outcome="appended"\} [1-9]/m);
    assert.match(metrics, /^qloop_cases\{status="open",step="identify",escalation_level="0"\} [1-9]/m);
    assert.match(metrics, /^qloop_projection_lag 0$/m);
  });

  it('publishes a valid OpenAPI document in which every operation of the API names its errors', async () => {
    const doc = (await api.get('/docs-json')).body;
    const verdict = await new Validator().validate(doc);
    assert.equal(verdict.valid, true, JSON.stringify(verdict.errors, null, 2));
    const operations = Object.entries(
      doc.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>,
    )
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ name: `${method} ${path}`, op })));
    for (const { name, op } of operations) {
      const errors = Object.keys(op.responses).filter((status) => /^4\d\d$/.test(status));
      assert.ok(errors.length > 0, `${name} documents no 4xx answer`);
    }
  });
});
