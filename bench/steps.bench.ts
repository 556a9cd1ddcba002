import 'reflect-metadata';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { RegisterComplaintDto } from '../apps/api/complaints/dto/register-complaint.dto.js';
import {
  AnalyseStepDto,
  ArchiveStepDto,
  FeedbackStepDto,
  IdentifyStepDto,
  ResolveStepDto,
  VerifyStepDto,
} from '../apps/api/complaints/dto/step-bodies.dto.js';
import { step as bareStep, type BareCaseInput, type Guarantees } from './bare/bare.workflow.js';
import { inParallel, percentile, report } from './measure.js';
import { bearer, postgresCpuMs, processUsage, startContenders } from './support/services.js';

/**
 * 1. Step latency and 2. case throughput: a complaint through the HTTP API
 * (validation, Update, decide, append, evolve) against a bare TS-SDK workflow
 * of the same shape on the same Temporal server, whose updates each await one
 * no-op activity. Both have a worker process of their own; ours adds the API
 * process in front, as it runs.
 */
const sequentialCases = Number(process.env.BENCH_SEQUENTIAL_CASES ?? 60);
const concurrentCases = Number(process.env.BENCH_CONCURRENT_CASES ?? 200);
const saturationCases = Number(process.env.BENCH_SATURATION_CASES ?? 200);
const saturation = Number(process.env.BENCH_SATURATION ?? 32);
/** Saturation rounds per contender, by turns. */
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);

/** A whole case: the registration, then six steps; `onStep` gets each step's latency. */
export type CaseDriver = (onStep: (ms: number) => void) => Promise<void>;

export const timed = async <T>(work: () => Promise<T>, onStep: (ms: number) => void): Promise<T> => {
  const started = performance.now();
  const result = await work();
  onStep(performance.now() - started);
  return result;
};

export const ourCase = async (baseUrl: string): Promise<CaseDriver> => {
  const owner = await bearer('li.wei', 'owner');
  const supervisor = await bearer('zhang.qa', 'supervisor');
  const post = async (path: string, body: unknown, headers: Record<string, string>) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
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
    for (const [name, body, token] of steps)
      await timed(() => post(`/complaints/${id}/steps/${name}`, body, token), onStep);
  };
};

export const bareCase =
  (client: Client, taskQueue: string, guarantees: Guarantees = {}): CaseDriver =>
  async (onStep) => {
    const input: BareCaseInput = { steps: 7, guarantees };
    const start = new WithStartWorkflowOperation('bareCase', {
      workflowId: `bare-${randomUUID()}`,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
    });
    await client.workflow.executeUpdateWithStart(bareStep, { args: ['register'], startWorkflowOperation: start });
    const handle = await start.workflowHandle();
    for (let i = 0; i < 6; i++) await timed(() => handle.executeUpdate(bareStep, { args: ['step'] }), onStep);
  };

type Contender = 'ours' | 'bare';
const contenders: readonly Contender[] = ['ours', 'bare'];

/** The processes whose CPU a contender spends: its own, Temporal's, PostgreSQL's. */
type Processes = Record<string, () => Promise<number>>;

type Figures = {
  sequential: number[];
  concurrent: number[];
  cases: number;
  seconds: number;
  cpuMs: Record<string, number>;
};

const cpuOf = async (processes: Processes): Promise<Record<string, number>> =>
  Object.fromEntries(
    await Promise.all(Object.entries(processes).map(async ([name, read]) => [name, await read()] as const)),
  );

/**
 * The contenders take turns: one case each, one batch of ten cases each, one
 * saturation round each. The load this shared machine gets from elsewhere
 * drifts over minutes, so turns this short let it fall on both alike.
 */
const measureByTurns = async (
  drivers: Record<Contender, CaseDriver>,
  processes: Record<Contender, Processes>,
): Promise<Record<Contender, Figures>> => {
  const empty = (): Figures => ({ sequential: [], concurrent: [], cases: 0, seconds: 0, cpuMs: {} });
  const figures: Record<Contender, Figures> = { ours: empty(), bare: empty() };
  for (let i = 0; i < sequentialCases; i++)
    for (const name of contenders) await drivers[name]((ms) => figures[name].sequential.push(ms));
  for (let i = 0; i < concurrentCases; i += 10) {
    for (const name of contenders)
      await inParallel(Math.min(10, concurrentCases - i), 10, () =>
        drivers[name]((ms) => figures[name].concurrent.push(ms)),
      );
  }
  for (let round = 0; round < rounds; round++) {
    for (const name of contenders) {
      const before = await cpuOf(processes[name]);
      figures[name].seconds += await inParallel(saturationCases, saturation, () => drivers[name](() => undefined));
      const after = await cpuOf(processes[name]);
      figures[name].cases += saturationCases;
      for (const process of Object.keys(after))
        figures[name].cpuMs[process] = (figures[name].cpuMs[process] ?? 0) + after[process]! - before[process]!;
    }
  }
  return figures;
};

export const runSteps = async (): Promise<void> => {
  const servers = await startContenders();
  const { temporal, product, bareWorker, client, taskQueue } = servers;
  try {
    const cpu = (pid: number) => async () => (await processUsage(pid)).cpuMs;
    const shared = { temporal: cpu(temporal.pid), postgres: postgresCpuMs };
    const drivers = { ours: await ourCase(product.baseUrl), bare: bareCase(client, taskQueue) };
    // Warm up both (JIT, connections, the workflow code loaded in the workers).
    await inParallel(20, 10, () => drivers.ours(() => undefined));
    await inParallel(20, 10, () => drivers.bare(() => undefined));
    const figures = await measureByTurns(drivers, {
      ours: { api: cpu(product.api.pid), worker: cpu(product.worker.pid), ...shared },
      bare: { client: cpu(process.pid), worker: cpu(bareWorker.pid), ...shared },
    });
    console.log(
      `\nSteps, the contenders by turns: ${sequentialCases} cases one at a time and ${concurrentCases} on 10 lanes (6 steps each, latency per step), ` +
        `then ${rounds} rounds of ${saturationCases} whole cases (registration + 6 steps) on ${saturation} lanes.\n`,
    );
    const latency = (name: string, phase: 'sequential' | 'concurrent', p: number) =>
      report(`${name} (p${p})`, percentile(figures.ours[phase], p), percentile(figures.bare[phase], p), 'ms', false);
    latency('step latency, sequential', 'sequential', 50);
    latency('step latency, sequential', 'sequential', 99);
    latency('step latency, 10 concurrent cases', 'concurrent', 50);
    latency('step latency, 10 concurrent cases', 'concurrent', 99);
    const throughput = (name: Contender) => figures[name].cases / figures[name].seconds;
    report(`case throughput, ${saturation} lanes`, throughput('ours'), throughput('bare'), 'cases/s');
    // Where the CPU of a whole case goes, at saturation (not a ratio: the contenders' processes differ).
    for (const name of contenders) {
      const { cpuMs, cases } = figures[name];
      console.log(
        `  cpu per case, ${name}: ${Object.entries(cpuMs)
          .map(([process, ms]) => `${process} ${(ms / cases).toFixed(1)} ms`)
          .join(', ')}`,
      );
    }
  } finally {
    await servers.stop();
  }
};
