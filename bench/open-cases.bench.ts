import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { RegisterComplaintDto } from '../apps/api/complaints/dto/register-complaint.dto.js';
import { freePort } from '../libs/support/free-port.js';
import { step as bareStep, type BareCaseInput } from './bare/bare.workflow.js';
import { inParallel, percentile, report } from './measure.js';
import {
  bearer,
  httpReady,
  processUsage,
  scratchDatabase,
  spawnNode,
  startProduct,
  startTemporal,
  type Child,
} from './support/services.js';

/**
 * 5. Open cases: N cases each holding SLA timers. The worker's memory per
 * cached case and its CPU while they wait, then the lateness of their timers
 * when all run out at the same instant: an office calendar that opens after
 * the cases are in starts every acknowledgement clock at once. The bare
 * workflow holds one timer for the same instant.
 */
const cases = Number(process.env.BENCH_OPEN_CASES ?? 10_000);
const lanes = 32;
const warmUpCases = 200;
const targetSeconds = 20;
const idleSeconds = 10;
const maxWaitSeconds = Number(process.env.BENCH_MAX_WAIT_SECONDS ?? 300);
/** Both workers keep every case in memory (the SDK's default keeps about 2,300), so the figure is per cached case and no timer waits on a replay. */
const cacheEveryCase = { WORKER_MAX_CACHED_WORKFLOWS: String(cases + 200), NODE_OPTIONS: '--max-old-space-size=8192' };

/** The next whole minute at least `seconds` away: when the office opens. */
const openingAfter = (seconds: number): Date => {
  const at = new Date(Date.now() + seconds * 1000);
  at.setUTCSeconds(0, 0);
  at.setUTCMinutes(at.getUTCMinutes() + 1);
  if (at.getUTCHours() === 23 && at.getUTCMinutes() >= 58)
    throw new Error('The open-cases benchmark needs the office to open before 23:58 UTC: run it later');
  return at;
};

const hhmm = (at: Date) => at.toISOString().slice(11, 16);

type Phase = { memoryPerCaseKb: number; idleCpuPercent: number; latenessMs: number[] };

/** Registration time, then memory and idle CPU of the worker over `idleSeconds`. */
const settle = async (worker: Child, before: { rssBytes: number }) => {
  const loaded = await processUsage(worker.pid);
  const start = await processUsage(worker.pid);
  await sleep(idleSeconds * 1000);
  const end = await processUsage(worker.pid);
  return {
    memoryPerCaseKb: (loaded.rssBytes - before.rssBytes) / 1024 / cases,
    idleCpuPercent: ((end.cpuMs - start.cpuMs) / (idleSeconds * 1000)) * 100,
  };
};

const ours = async (temporalAddress: string): Promise<Phase> => {
  const db = await scratchDatabase();
  const product = await startProduct(temporalAddress, db.url, cacheEveryCase);
  const store = new pg.Client({ connectionString: db.url });
  await store.connect();
  try {
    const owner = await bearer('desk', 'owner');
    const register = async () => {
      const response = await fetch(`${product.baseUrl}/api/v1/complaints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...owner },
        body: JSON.stringify(RegisterComplaintDto.example),
      });
      if (response.status !== 201) throw new Error(`register: ${response.status} ${await response.text()}`);
    };
    await inParallel(50, lanes, register); // warm-up, under the default policy (nothing runs out during the benchmark)
    // The office must open after the last case is in, or the expiry lands on the registrations: the pace of a second warm-up sets it, with a margin.
    const warmStart = Date.now();
    await inParallel(warmUpCases, lanes, register);
    const perSecond = warmUpCases / ((Date.now() - warmStart) / 1000);
    const before = await processUsage(product.worker.pid);
    const opening = openingAfter(cases / (perSecond * 0.75) + idleSeconds + 15);
    console.log(`(registering at about ${perSecond.toFixed(0)} cases/s; the office opens at ${opening.toISOString()})`);
    const targets = { acknowledge: `PT${targetSeconds}S`, case: 'PT24H', warningRatio: 0.5, escalation: [] };
    const policy = {
      severities: { critical: targets, high: targets, normal: targets, low: targets },
      calendar: { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7], hours: { start: hhmm(opening), end: '23:59' } },
    };
    const adopted = await fetch(`${product.baseUrl}/api/v1/policies/sla`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(await bearer('ops', 'admin')) },
      body: JSON.stringify({ policy, reason: 'benchmark: every clock starts when the office opens' }),
    });
    if (!adopted.ok) throw new Error(`adopting the policy: ${adopted.status} ${await adopted.text()}`);
    await inParallel(cases, lanes, register);
    if (Date.now() > opening.getTime())
      console.log(
        `(registration ran past the opening at ${opening.toISOString()}: those cases' clocks started late and still count)`,
      );
    const { memoryPerCaseKb, idleCpuPercent } = await settle(product.worker, before);

    const breaches = async () =>
      (await store.query<{ n: number }>(`select count(*)::int as n from events where type = 'SlaBreached'`)).rows[0]!.n;
    const due = opening.getTime() + targetSeconds * 1000;
    while ((await breaches()) < cases && Date.now() < due + maxWaitSeconds * 1000) await sleep(1000);
    const { rows } = await store.query<{ lateness: number }>(
      `select extract(epoch from ((data->>'at')::timestamptz - (data->>'dueAt')::timestamptz)) * 1000 as lateness from events where type = 'SlaBreached'`,
    );
    // A breach still to come is at least as late as now: counted so, the percentiles are lower bounds.
    const missing = Array.from({ length: Math.max(0, cases - rows.length) }, () => Date.now() - due);
    if (missing.length > 0)
      console.log(
        `(${missing.length} of ${cases} breaches had not arrived ${maxWaitSeconds} s after the due time; counted as that late)`,
      );
    return { memoryPerCaseKb, idleCpuPercent, latenessMs: [...rows.map((row) => Number(row.lateness)), ...missing] };
  } finally {
    await store.end();
    await product.stop();
    await db.drop();
  }
};

const bare = async (temporalAddress: string): Promise<Phase> => {
  const taskQueue = `bare-${randomUUID()}`;
  const port = await freePort();
  const worker = await spawnNode(
    'bench/bare/worker.js',
    [temporalAddress, taskQueue, String(port)],
    cacheEveryCase,
    httpReady(`http://127.0.0.1:${port}/`),
  );
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection });
  try {
    const start = async (input: BareCaseInput) => {
      const operation = new WithStartWorkflowOperation('bareCase', {
        workflowId: `bare-${randomUUID()}`,
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
      });
      await client.workflow.executeUpdateWithStart(bareStep, { args: ['register'], startWorkflowOperation: operation });
      return operation.workflowHandle();
    };
    await inParallel(50, lanes, async () => void (await (await start({ steps: 1 })).result()));
    const before = await processUsage(worker.pid);
    const timerAt = openingAfter(cases / 25 + idleSeconds + 15).getTime() + targetSeconds * 1000;
    const handles: Awaited<ReturnType<typeof start>>[] = [];
    await inParallel(cases, lanes, async () => void handles.push(await start({ steps: 1, timerAt })));
    const { memoryPerCaseKb, idleCpuPercent } = await settle(worker, before);
    const latenessMs: number[] = [];
    let next = 0;
    await inParallel(
      handles.length,
      200,
      async () => void latenessMs.push((await handles[next++]!.result()) as number),
    );
    return { memoryPerCaseKb, idleCpuPercent, latenessMs };
  } finally {
    await connection.close();
    await worker.stop();
  }
};

export const runOpenCases = async (): Promise<void> => {
  const temporal = await startTemporal();
  try {
    const results = { ours: await ours(temporal.address), bare: await bare(temporal.address) };
    console.log(
      `\nOpen cases: ${cases} cases each holding a timer; worker memory and CPU over ${idleSeconds} s idle; then every timer due at one instant.\n`,
    );
    report('worker memory per open case', results.ours.memoryPerCaseKb, results.bare.memoryPerCaseKb, 'KiB', false);
    report(
      'worker CPU while the cases wait',
      results.ours.idleCpuPercent,
      results.bare.idleCpuPercent,
      '% core',
      false,
    );
    report(
      'timer lateness in a mass expiry (p50)',
      percentile(results.ours.latenessMs, 50),
      percentile(results.bare.latenessMs, 50),
      'ms',
      false,
    );
    report(
      'timer lateness in a mass expiry (p99)',
      percentile(results.ours.latenessMs, 99),
      percentile(results.bare.latenessMs, 99),
      'ms',
      false,
    );
  } finally {
    await temporal.stop();
  }
};
