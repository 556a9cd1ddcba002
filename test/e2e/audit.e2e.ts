import 'reflect-metadata';
import { blobSchemaOf } from '../../libs/platform/blob-storage.js';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import {
  AnalyseStepDto,
  ArchiveStepDto,
  FeedbackStepDto,
  IdentifyStepDto,
  ResolveStepDto,
  VerifyStepDto,
} from '../../apps/api/complaints/dto/step-bodies.dto.js';
import { chainHash, openEventStore } from '../../libs/event-store/index.js';
import { readSchemaFor } from '../../libs/platform/storage.js';
import { http, startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { as, testJwtSecret, tokenFor } from '../support/tokens.js';
import { databaseUrl, uniqueSchema } from '../support/postgres.js';
import { withoutMailRecords } from '../support/mail-records.js';

const cliMain = fileURLToPath(new URL('../../apps/cli/main.js', import.meta.url));
const owner = as('li.wei', 'owner');
const verifier = as('zhang.qa', 'supervisor');
const auditor = as('eve.audit', 'auditor');

/** Runs the qloop CLI; answers its exit status and output instead of throwing on a non-zero exit. */
const cli = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [cliMain, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

type HistoryEntry = {
  seq: number;
  type: string;
  time: string;
  actor: string;
  hash: string;
  data: Record<string, unknown>;
};

describe('read models and the auditor over HTTP (npm start on PostgreSQL)', () => {
  const schema = uniqueSchema('audit_e2e');
  let dataDir: string;
  let app: RunningApp;
  let api: ReturnType<typeof http>;
  let admin: pg.Client;
  const storeEnv = () => ({ EVENT_STORE: 'postgres', DATABASE_URL: databaseUrl(), DATABASE_SCHEMA: schema });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-audit-'));
    app = await startApp(join(dataDir, 'data'), { env: storeEnv() });
    api = http(app.baseUrl, as('reader', 'auditor'));
    admin = new pg.Client({ connectionString: databaseUrl() });
    await admin.connect();
  });
  afterAll(async () => {
    await app?.stop();
    await admin?.query(`drop schema if exists "${schema}" cascade`);
    await admin?.query(`drop schema if exists "${blobSchemaOf(schema)}" cascade`);
    await admin?.query(`drop schema if exists "${readSchemaFor(schema)}" cascade`);
    await admin?.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const register = async (body: object = RegisterComplaintDto.example) => {
    const response = await api.post('/api/v1/complaints', body, as('desk', 'owner'));
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body.id as string;
  };
  const step = async (id: string, name: string, body: object, headers = owner) => {
    const response = await api.post(`/api/v1/complaints/${id}/steps/${name}`, body, headers);
    assert.equal(response.status, 200, `${name}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const history = async (id: string): Promise<HistoryEntry[]> =>
    (await api.get(`/api/v1/complaints/${id}/history`)).body.events;
  /** The read models trail the store by a moment: wait until they have caught up with it. */
  const projected = () =>
    waitFor(
      'the read models to catch up',
      async () => (await api.get('/health/ready')).body.details?.projections?.lag === 0,
    );

  let loopCase: string;

  /** What a careful forger does after an edit: recompute every hash of the stream, so the chain holds again. */
  const rechain = async (streamId: string) => {
    const table = `"${schema}".events`;
    const rows = (await admin.query(`select * from ${table} where stream_id = $1 order by revision`, [streamId])).rows;
    let prevHash: string | null = null;
    for (const row of rows) {
      const hash = chainHash(prevHash, {
        id: row.event_id,
        streamId,
        revision: Number(row.revision),
        type: row.type,
        data: row.data,
        metadata: row.metadata,
        schemaVersion: row.schema_version,
        recordedAt: new Date(row.recorded_at).toISOString(),
      });
      await admin.query(`update ${table} set prev_hash = $3, hash = $4 where stream_id = $1 and revision = $2`, [
        streamId,
        row.revision,
        prevHash,
        hash,
      ]);
      prevHash = hash;
    }
  };

  it('lists cases from the read model with filters and paging, and reports them as JSON and CSV', async () => {
    loopCase = await register();
    const other = await register({
      ...RegisterComplaintDto.example,
      title: 'Label smudged on carton 12',
      severity: 'low',
    });
    await step(loopCase, 'identify', IdentifyStepDto.example);
    await projected();

    const mine = await api.get('/api/v1/complaints?owner=li.wei&step=analyse');
    assert.equal(mine.status, 200);
    assert.deepEqual(
      mine.body.items.map((item: { id: string }) => item.id),
      [loopCase],
    );
    assert.equal(mine.body.items[0].sla.overdue, false);
    const searched = await api.get('/api/v1/complaints?q=smudged%20carton');
    assert.deepEqual(
      searched.body.items.map((item: { id: string }) => item.id),
      [other],
    );
    const page = await api.get('/api/v1/complaints?limit=1&offset=1');
    assert.equal(page.body.total, 2);
    assert.equal(page.body.items.length, 1);

    const bad = await api.get('/api/v1/complaints?overdue=maybe&limit=0&step=lunch');
    assert.equal(bad.status, 400);
    assert.deepEqual(
      new Set(bad.body.errors.map((error: { field: string }) => error.field)),
      new Set(['overdue', 'limit', 'step']),
    );

    const report = await api.get('/api/v1/reports/complaints?period=day');
    assert.equal(report.status, 200);
    assert.equal(
      report.body.sections.slaCompliance.reduce((sum: number, row: { cases: number }) => sum + row.cases, 0),
      2,
    );
    const csv = await fetch(`${app.baseUrl}/api/v1/reports/complaints`, {
      headers: { ...auditor, accept: 'text/csv' },
    });
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match((await csv.text()).split('\r\n')[0]!, /^Section,Period,Severity,Cases/);
    assert.equal((await api.get('/api/v1/reports/complaints?period=fortnight')).status, 400);
  });

  it('shows a reopened case as it stood at each revision and instant, with its clocks as they stood', async () => {
    await step(loopCase, 'analyse', AnalyseStepDto.example);
    await step(loopCase, 'resolve', ResolveStepDto.example);
    await step(loopCase, 'verify', { effective: false, notes: 'Still leaks' }, verifier);
    await step(loopCase, 'analyse', AnalyseStepDto.example);
    await step(loopCase, 'resolve', ResolveStepDto.example);
    await step(loopCase, 'verify', VerifyStepDto.example, verifier);
    await step(loopCase, 'feedback', FeedbackStepDto.example);
    await step(loopCase, 'archive', ArchiveStepDto.example);

    const events = await history(loopCase);
    const stepAfter: Record<string, string> = {
      ComplaintRegistered: 'identify',
      ComplaintIdentified: 'analyse',
      ComplaintAnalysed: 'resolve',
      ResolutionImplemented: 'verify',
      ComplaintReopened: 'analyse',
      CustomerFeedbackRecorded: 'archive',
    };
    let reopenedSeen = 0;
    for (const event of events) {
      const state = (await api.get(`/api/v1/complaints/${loopCase}/state?revision=${event.seq}`, auditor)).body;
      assert.equal(state.revision, event.seq);
      // A failed verification sends the case back without reopening it.
      if (event.type === 'ComplaintReopened' && event.data.trigger !== 'verification-failed') reopenedSeen++;
      assert.equal(state.reopenCount, reopenedSeen, `reopen count at #${event.seq}`);
      if (stepAfter[event.type])
        assert.equal(state.step, stepAfter[event.type], `step after #${event.seq} ${event.type}`);
      assert.equal(state.sla.asOf, event.time, 'clocks read when that event was recorded');
    }
    const last = (await api.get(`/api/v1/complaints/${loopCase}/state?revision=${events.at(-1)!.seq}`)).body;
    assert.equal(last.status, 'archived');

    // As of an instant: the state after the last event recorded by then, its clocks read at that instant.
    const identified = events.find((event) => event.type === 'ComplaintIdentified')!;
    const instant = new Date(Date.parse(identified.time) + 1).toISOString();
    const then = (await api.get(`/api/v1/complaints/${loopCase}/state?asOf=${instant}`)).body;
    assert.equal(then.step, 'analyse');
    assert.equal(then.revision, identified.seq);
    const acknowledge = then.sla.clocks.find((clock: { id: string }) => clock.id === 'acknowledge');
    assert.equal(acknowledge.stoppedAt, identified.data.at);
    const caseClock = then.sla.clocks.find((clock: { id: string }) => clock.id === 'case');
    assert.equal(
      caseClock.elapsedMs,
      Date.parse(instant) - Date.parse(events[0]!.data.at as string),
      'the case clock had run from registration to that instant',
    );
    assert.equal(caseClock.overdue, false);

    assert.equal((await api.get(`/api/v1/complaints/${loopCase}/state?asOf=2000-01-01T00:00:00Z`)).status, 404);
    assert.equal((await api.get(`/api/v1/complaints/${loopCase}/state?asOf=${instant}&revision=1`)).status, 400);
    assert.equal((await api.get(`/api/v1/complaints/${loopCase}/state`)).status, 400);
    assert.equal((await api.get(`/api/v1/complaints/${loopCase}/state?revision=-1`)).status, 400);
  });

  it('audits a case: every event traced to its workflow; tampering in PostgreSQL is detected and located, even with the hashes recomputed', async () => {
    const intact = (await api.get(`/api/v1/complaints/${loopCase}/audit`, auditor)).body;
    assert.equal(intact.verdict, 'intact', JSON.stringify(intact));
    assert.equal(intact.workflow.traced, intact.events);

    const victim = await register();
    await step(victim, 'identify', IdentifyStepDto.example);
    await step(victim, 'analyse', AnalyseStepDto.example);
    await step(victim, 'resolve', ResolveStepDto.example);
    const events = await history(victim);
    const analysed = events.find((event) => event.type === 'ComplaintAnalysed')!;
    const table = `"${schema}".events`;
    const streamId = `complaint-${victim}`;

    // Someone with database access rewrites the root cause.
    await admin.query(
      `update ${table} set data = jsonb_set(data, '{rootCause}', '"Operator error"') where stream_id = $1 and revision = $2`,
      [streamId, analysed.seq],
    );
    const broken = (await api.get(`/api/v1/complaints/${victim}/audit`, auditor)).body;
    assert.equal(broken.verdict, 'tampered');
    assert.equal(broken.chain.firstBadRevision, analysed.seq);
    assert.match(broken.workflow.discrepancies[0].problem, /differs from what the workflow appended/);

    // A careful forger recomputes the hash chain from there on: the chain holds, Temporal's history does not agree.
    await rechain(streamId);
    const forged = (await api.get(`/api/v1/complaints/${victim}/audit`, auditor)).body;
    assert.equal(forged.chain.intact, true);
    assert.equal(forged.verdict, 'tampered');
    assert.deepEqual(
      forged.workflow.discrepancies.map((d: { revision: number }) => d.revision),
      [analysed.seq],
    );

    // The auditor's CLI says the same, against the API and against the store itself, and exports the timeline.
    const json = join(dataDir, 'audit.json');
    const csv = join(dataDir, 'audit.csv');
    const viaApi = await cli(['audit', victim, '--api', app.baseUrl, '--json', json, '--csv', csv], {
      JWT_SECRET: testJwtSecret,
    });
    assert.equal(viaApi.code, 1, viaApi.stderr);
    assert.match(viaApi.stdout, /Verdict: tampered/);
    assert.match(viaApi.stdout, /ComplaintAnalysed/);
    assert.equal(JSON.parse(readFileSync(json, 'utf8')).timeline.length, events.length);
    assert.equal(readFileSync(csv, 'utf8').trimEnd().split('\r\n').length, events.length + 1);
    const viaStore = await cli(['audit', victim], {
      ...storeEnv(),
      TEMPORAL_ADDRESS: app.temporalAddress,
      DATA_DIR: join(dataDir, 'cli'),
    });
    assert.equal(viaStore.code, 1, viaStore.stderr);
    assert.match(
      viaStore.stdout,
      new RegExp(`#${analysed.seq} ComplaintAnalysed: differs from what the workflow appended`),
    );
    const untouched = await cli(['audit', loopCase], {
      ...storeEnv(),
      TEMPORAL_ADDRESS: app.temporalAddress,
      DATA_DIR: join(dataDir, 'cli'),
    });
    assert.equal(untouched.code, 0, untouched.stdout + untouched.stderr);
    assert.match(untouched.stdout, /Verdict: intact/);
  });

  it('lets an auditor read all of it and write nothing; rebuilds need an admin', async () => {
    const before = await history(loopCase);
    for (const path of [
      '/api/v1/complaints',
      `/api/v1/complaints/${loopCase}`,
      `/api/v1/complaints/${loopCase}/history`,
      `/api/v1/complaints/${loopCase}/state?revision=1`,
      `/api/v1/complaints/${loopCase}/audit`,
      '/api/v1/reports/complaints',
      '/api/v1/reports/suppliers',
      '/api/v1/suppliers',
      '/api/v1/admin/projections',
    ]) {
      assert.equal((await api.get(path, auditor)).status, 200, path);
    }
    for (const [path, body] of [
      ['/api/v1/complaints', RegisterComplaintDto.example],
      [`/api/v1/complaints/${loopCase}/comments`, { text: 'An auditor was here' }],
      [`/api/v1/complaints/${loopCase}/reopen`, { returnTo: 'analyse', reason: 'Audit finding' }],
      ['/api/v1/suppliers', { name: 'X', category: 'castings', supplies: ['x'], criticality: 'low' }],
      ['/api/v1/admin/projections/rebuild', undefined],
    ] as const) {
      const response = await api.post(path, body, auditor);
      assert.equal(response.status, 403, `${path}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.type, 'urn:qloop:problem:not-permitted');
    }
    assert.deepEqual(await history(loopCase), before, 'nothing was written');

    assert.equal(
      (await api.post('/api/v1/admin/projections/rebuild', undefined, as('sup.wang', 'supervisor'))).status,
      403,
    );
    const rebuilt = await api.post('/api/v1/admin/projections/rebuild', undefined, as('ops', 'admin'));
    assert.equal(rebuilt.status, 200);
    assert.equal(rebuilt.body.lag, 0);
    assert.equal((await api.get('/api/v1/complaints')).body.total, 3);
  });

  it('answers what-if under another SLA policy, over HTTP and in the CLI, changing nothing', async () => {
    const head = (await api.get('/health/ready')).body.details.projections.head;
    // Targets of one second: every case still open would have breached (the looped one may have closed inside a second of working time).
    const instant = {
      acknowledge: 'PT1S',
      case: 'PT1S',
      warningRatio: 0.5,
      escalation: [{ role: 'team-lead', after: 'PT0S' }],
    };
    const policy = { severities: { low: instant, normal: instant, high: instant, critical: instant } };
    const response = await api.post('/api/v1/audit/what-if', { policy }, auditor);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.summary.cases, 3, JSON.stringify(response.body));
    const cases = response.body.cases as { status: string; hypothetical: { breached: boolean } }[];
    const stillOpen = cases.filter((c) => c.status === 'open');
    assert.equal(stillOpen.length, 2);
    assert.ok(
      stillOpen.every((c) => c.hypothetical.breached),
      JSON.stringify(response.body),
    );
    const breachedHypothetical: number = response.body.summary.breachedHypothetical;
    assert.equal(breachedHypothetical, cases.filter((c) => c.hypothetical.breached).length);
    assert.equal(response.body.summary.breachedActual, 0);

    const invalid = await api.post(
      '/api/v1/audit/what-if',
      { policy: { severities: { normal: { case: 'soon' } } } },
      auditor,
    );
    assert.equal(invalid.status, 422);
    assert.ok(
      invalid.body.errors.some((e: { field: string }) => e.field === 'policy.severities.normal.case'),
      JSON.stringify(invalid.body.errors),
    );

    const policyFile = join(dataDir, 'tight.json');
    writeFileSync(policyFile, JSON.stringify(policy));
    const viaCli = await cli([
      'what-if',
      '--policy',
      policyFile,
      '--api',
      app.baseUrl,
      '--token',
      tokenFor('eve.audit', ['auditor']),
    ]);
    assert.equal(viaCli.code, 0, viaCli.stderr);
    assert.match(viaCli.stdout, new RegExp(`Breached: {2}0 as they ran, ${breachedHypothetical} under`));
    assert.equal((await api.get('/health/ready')).body.details.projections.head, head, 'a simulation writes nothing');
  });

  it('is not fooled by Idempotency-Keys that spell a timer, a signal or the cycle: an untouched case audits intact', async () => {
    const id = await register();
    const keyed = (key: string) => ({ ...owner, 'idempotency-key': key });
    await step(id, 'identify', IdentifyStepDto.example, keyed(`complaint-${randomUUID()}`));
    await step(id, 'analyse', AnalyseStepDto.example, keyed(`sla-timer:${new Date().toISOString()}`));
    await step(id, 'resolve', ResolveStepDto.example, keyed(`cycle:${randomUUID()}`));
    await step(id, 'verify', VerifyStepDto.example, { ...verifier, 'idempotency-key': `cycle-timer:${randomUUID()}` });
    const report = (await api.get(`/api/v1/complaints/${id}/audit`, auditor)).body;
    assert.equal(report.verdict, 'intact', JSON.stringify(report.workflow));
    const causes = withoutMailRecords(await history(id)).map(
      (event) => (event as HistoryEntry & { metadata: { cause?: { kind: string } } }).metadata.cause?.kind,
    );
    assert.deepEqual(causes, ['update', 'update', 'update', 'update', 'update']);
  });

  it('catches forgers who recompute the chain: who verified and when, two events exchanged, a run that never was', async () => {
    const table = `"${schema}".events`;
    const forgedCase = async () => {
      const id = await register();
      await step(id, 'identify', IdentifyStepDto.example);
      await step(id, 'analyse', AnalyseStepDto.example);
      await step(id, 'resolve', ResolveStepDto.example);
      await step(id, 'verify', VerifyStepDto.example, verifier);
      return { id, streamId: `complaint-${id}`, events: await history(id) };
    };
    const auditOf = async (id: string) => (await api.get(`/api/v1/complaints/${id}/audit`, auditor)).body;

    // Someone else verified, a day earlier.
    const who = await forgedCase();
    const verified = who.events.find((event) => event.type === 'ResolutionVerified')!;
    await admin.query(
      `update ${table} set metadata = jsonb_set(metadata, '{actor}', '"mallory"'), recorded_at = recorded_at - interval '1 day'
       where stream_id = $1 and revision = $2`,
      [who.streamId, verified.seq],
    );
    await rechain(who.streamId);
    const whoReport = await auditOf(who.id);
    assert.equal(whoReport.chain.intact, true);
    assert.equal(whoReport.verdict, 'tampered');
    const whoProblems = whoReport.workflow.discrepancies.filter(
      (d: { revision: number }) => d.revision === verified.seq,
    );
    assert.match(whoProblems[0].problem, /metadata/);
    assert.match(whoProblems[0].problem, /outside the append/);

    // The analysis and the resolution exchanged: each keeps its own data, at the other's revision.
    const swapped = await forgedCase();
    const [analysed, resolved] = ['ComplaintAnalysed', 'ResolutionImplemented'].map(
      (type) => swapped.events.find((e) => e.type === type)!.seq,
    );
    await admin.query(`update ${table} set revision = -1 where stream_id = $1 and revision = $2`, [
      swapped.streamId,
      analysed,
    ]);
    await admin.query(`update ${table} set revision = $3 where stream_id = $1 and revision = $2`, [
      swapped.streamId,
      resolved,
      analysed,
    ]);
    await admin.query(`update ${table} set revision = $2 where stream_id = $1 and revision = -1`, [
      swapped.streamId,
      resolved,
    ]);
    await rechain(swapped.streamId);
    const swappedReport = await auditOf(swapped.id);
    assert.equal(swappedReport.chain.intact, true);
    assert.equal(swappedReport.verdict, 'tampered');
    assert.ok(
      swappedReport.workflow.discrepancies.some((d: { problem: string }) => /out of the order/.test(d.problem)),
      JSON.stringify(swappedReport.workflow),
    );

    // The root cause rewritten, and the event made to name a run that never existed.
    const ghost = await forgedCase();
    const analysis = ghost.events.find((event) => event.type === 'ComplaintAnalysed')!;
    await admin.query(
      `update ${table} set data = jsonb_set(data, '{rootCause}', '"Operator error"'),
         metadata = jsonb_set(metadata, '{runId}', to_jsonb($3::text))
       where stream_id = $1 and revision = $2`,
      // Not even a run id: Temporal refuses to look it up, which must not void the check.
      [ghost.streamId, analysis.seq, 'not-a-uuid'],
    );
    await rechain(ghost.streamId);
    const ghostReport = await auditOf(ghost.id);
    assert.equal(ghostReport.verdict, 'tampered', JSON.stringify(ghostReport.workflow));
    assert.deepEqual(ghostReport.workflow.unverifiable, []);
    const viaCli = await cli(['audit', ghost.id, '--api', app.baseUrl], { JWT_SECRET: testJwtSecret });
    assert.equal(viaCli.code, 1, viaCli.stdout + viaCli.stderr);
  });

  it('names a record stored before a bound that it can no longer fold, and holds only that stream back from the read models', async () => {
    const store = await openEventStore({ kind: 'postgres', url: databaseUrl(), schema });
    const id = randomUUID();
    try {
      const severities = Object.fromEntries(
        ['low', 'normal', 'high', 'critical'].map((severity) => [
          severity,
          { acknowledgeMs: 3_600_000, stepMs: {}, caseMs: 6e16, warningRatio: 0.8, escalation: [] },
        ]),
      );
      await store.append(
        `complaint-${id}`,
        [
          {
            id: randomUUID(),
            type: 'ComplaintRegistered',
            data: {
              ...RegisterComplaintDto.example,
              complaintId: id,
              slaPolicy: { severities },
              by: 'desk',
              at: new Date().toISOString(),
            },
            metadata: { actor: 'desk' },
          },
        ],
        { expectedRevision: 'no-stream' },
      );
    } finally {
      await store.close();
    }
    const read = await api.get(`/api/v1/complaints/${id}`);
    assert.equal(read.status, 500);
    assert.equal(read.body.type, 'urn:qloop:problem:record-unreadable');
    assert.equal(read.body.streamId, `complaint-${id}`);
    await waitFor('the stream to be held in quarantine', async () => {
      const ready = (await api.get('/health/ready')).body;
      return (ready.details?.projections?.quarantined ?? []).some(
        (held: { streamId: string }) => held.streamId === `complaint-${id}`,
      );
    });
    assert.equal((await api.get(`/api/v1/complaints/${loopCase}`)).status, 200);
  });
});
