import 'reflect-metadata';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { RegisterComplaintDto } from '../apps/api/complaints/dto/register-complaint.dto.js';
import { AnalyseStepDto, ArchiveStepDto, FeedbackStepDto, IdentifyStepDto, ResolveStepDto, VerifyStepDto } from '../apps/api/complaints/dto/step-bodies.dto.js';
import { freePort } from '../libs/platform/free-port.js';
import { step as bareStep, type BareCaseInput } from './bare/bare.workflow.js';
import { inParallel, median, percentile, report } from './measure.js';
import { bearer, httpReady, postgresCpuMs, processUsage, scratchDatabase, spawnNode, startProduct, startTemporal } from './support/services.js';

/**
 * 1. Step latency and 2. case throughput: a complaint through the HTTP API
 * (validation, Update, decide, append, evolve) against a bare TS-SDK workflow
 * of the same shape on the same Temporal server, whose updates each await one
 * no-op activity. Both have a worker process of their own; ours adds the API
 * process in front, as it runs.
 */
const sequentialCases = Number(process.env.BENCH_SEQUENTIAL_CASES ?? 30);
const concurrentCases = Number(process.env.BENCH_CONCURRENT_CASES ?? 100);
const saturationCases = Number(process.env.BENCH_SATURATION_CASES ?? 200);
const saturation = Number(process.env.BENCH_SATURATION ?? 32);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);

/** A whole case: the registration, then six steps; `onStep` gets each step's latency. */
type CaseDriver = (onStep: (ms: number) => void) => Promise<void>;

const timed = async <T>(work: () => Promise<T>, onStep: (ms: number) => void): Promise<T> => {
  const started = performance.now();
  const result = await work();
  onStep(performance.now() - started);
  return result;
};

const ourCase = async (baseUrl: string): Promise<CaseDriver> => {
  const owner = await bearer('li.wei', 'owner');
  const supervisor = await bearer('zhang.qa', 'supervisor');
  const post = async (path: string, body: unknown, headers: Record<string, string>) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const answer = (await response.json()) as { id: string };
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  const steps: [string, object, Record<string, string>][] = [
    ['identify', { ...IdentifyStepDto.example, owner: 'li.wei' }, owner],
    ['analyse', AnalyseStepDto.example, owner],
    ['resolve', ResolveStepDto.example, owner],
    ['verify', VerifyStepDto.example, supervisor],
    ['feedback', FeedbackStepDto.example, owner],
    ['archive', ArchiveStepDto.example, owner],
  ];
  return async (onStep) => {
    const { id } = await post('/complaints', RegisterComplaintDto.example, owner);
    for (const [name, body, token] of steps) await timed(() => post(`/complaints/${id}/steps/${name}`, body, token), onStep);
  };
};

const bareCase = (client: Client, taskQueue: string): CaseDriver => async (onStep) => {
  const input: BareCaseInput = { steps: 7 };
  const start = new WithStartWorkflowOperation('bareCase', { workflowId: `bare-${randomUUID()}`, taskQueue, args: [input], workflowIdConflictPolicy: 'FAIL' });
  await client.workflow.executeUpdateWithStart(bareStep, { args: ['register'], startWorkflowOperation: start });
  const handle = await start.workflowHandle();
  for (let i = 0; i < 6; i++) await timed(() => handle.executeUpdate(bareStep, { args: ['step'] }), onStep);
};

type Figures = { seqP50: number; seqP99: number; concP50: number; concP99: number; casesPerSecond: number; cpuMsPerCase: Record<string, number> };

/** The processes whose CPU a contender spends: its own, Temporal's, PostgreSQL's. */
type Processes = Record<string, () => Promise<number>>;

const measureDriver = async (drive: CaseDriver, processes: Processes): Promise<Figures> => {
  const sequential: number[] = [];
  for (let i = 0; i < sequentialCases; i++) await drive((ms) => sequential.push(ms));
  const concurrent: number[] = [];
  await inParallel(concurrentCases, 10, () => drive((ms) => concurrent.push(ms)));
  const cpuBefore = await cpuOf(processes);
  const seconds = await inParallel(saturationCases, saturation, () => drive(() => undefined));
  const cpuAfter = await cpuOf(processes);
  return {
    cpuMsPerCase: Object.fromEntries(Object.keys(processes).map((name) => [name, (cpuAfter[name]! - cpuBefore[name]!) / saturationCases])),
    seqP50: percentile(sequential, 50),
    seqP99: percentile(sequential, 99),
    concP50: percentile(concurrent, 50),
    concP99: percentile(concurrent, 99),
    casesPerSecond: saturationCases / seconds,
  };
};

const cpuOf = async (processes: Processes): Promise<Record<string, number>> =>
  Object.fromEntries(await Promise.all(Object.entries(processes).map(async ([name, read]) => [name, await read()] as const)));

export const runSteps = async (): Promise<void> => {
  const temporal = await startTemporal();
  const db = await scratchDatabase();
  const product = await startProduct(temporal.address, db.url);
  const taskQueue = `bare-${randomUUID()}`;
  const barePort = await freePort();
  const bareWorker = await spawnNode('bench/bare/worker.js', [temporal.address, taskQueue, String(barePort)], {}, httpReady(`http://127.0.0.1:${barePort}/`));
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  try {
    const cpu = (pid: number) => async () => (await processUsage(pid)).cpuMs;
    const shared = { temporal: cpu(temporal.pid), postgres: postgresCpuMs };
    const drivers = { ours: await ourCase(product.baseUrl), bare: bareCase(client, taskQueue) };
    // Warm up both (JIT, connections, the workflow code loaded in the workers).
    await inParallel(20, 10, () => drivers.ours(() => undefined));
    await inParallel(20, 10, () => drivers.bare(() => undefined));
    const samples: Record<'ours' | 'bare', Figures[]> = { ours: [], bare: [] };
    for (let round = 0; round < rounds; round++) {
      samples.ours.push(await measureDriver(drivers.ours, { api: cpu(product.api.pid), worker: cpu(product.worker.pid), ...shared }));
      samples.bare.push(await measureDriver(drivers.bare, { client: cpu(process.pid), worker: cpu(bareWorker.pid), ...shared }));
    }
    const pick = (name: 'ours' | 'bare', figure: Exclude<keyof Figures, 'cpuMsPerCase'>) => median(samples[name].map((sample) => sample[figure]));
    console.log(
      `\nSteps, median of ${rounds} interleaved rounds: ${sequentialCases} cases one at a time and ${concurrentCases} on 10 lanes (6 steps each, latency per step), ` +
        `then ${saturationCases} whole cases (registration + 6 steps) on ${saturation} lanes.\n`,
    );
    report('step latency, sequential (p50)', pick('ours', 'seqP50'), pick('bare', 'seqP50'), 'ms', false);
    report('step latency, sequential (p99)', pick('ours', 'seqP99'), pick('bare', 'seqP99'), 'ms', false);
    report('step latency, 10 concurrent cases (p50)', pick('ours', 'concP50'), pick('bare', 'concP50'), 'ms', false);
    report('step latency, 10 concurrent cases (p99)', pick('ours', 'concP99'), pick('bare', 'concP99'), 'ms', false);
    report(`case throughput, ${saturation} lanes`, pick('ours', 'casesPerSecond'), pick('bare', 'casesPerSecond'), 'cases/s');
    // Where the CPU of a whole case goes, at saturation (not a ratio: the contenders' processes differ).
    for (const name of ['ours', 'bare'] as const) {
      const spent = samples[name].at(-1)!.cpuMsPerCase;
      console.log(`  cpu per case, ${name}: ${Object.entries(spent).map(([process, ms]) => `${process} ${ms.toFixed(1)} ms`).join(', ')}`);
    }
  } finally {
    await connection.close();
    await bareWorker.stop();
    await product.stop();
    await temporal.stop();
    await db.drop();
  }
};
