import 'reflect-metadata';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
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
import {
  complaintEntity,
  complaintWorkflowId,
  taskQueue as ourTaskQueue,
  type ComplaintCaseInput,
  type ComplaintRequest,
} from '../libs/contracts/index.js';
import { defaultSlaPolicy, type CommandPayload, type ComplaintCommand } from '../libs/domain/index.js';
import type { Guarantees } from './bare/bare.workflow.js';
import { inParallel, percentile, report } from './measure.js';
import { startContenders } from './support/services.js';
import { bareCase, ourCase, timed, type CaseDriver } from './steps.bench.js';

/**
 * What a step must cost. The bare workflow of benchmark 1, with what a step
 * of ours must do besides added one at a time (a real append, the state as
 * the answer, search attributes, the SLA timer re-planned), against ours
 * through the Temporal client alone and through the API. The last bare
 * variant does all a step of ours does in Temporal, with none of our code:
 * it is the floor that the goal of 1.3× the bare step meets.
 */
const cases = Number(process.env.BENCH_SEQUENTIAL_CASES ?? 40);
const saturationCases = Number(process.env.BENCH_SATURATION_CASES ?? 100);
const saturation = Number(process.env.BENCH_SATURATION ?? 32);

export const variants: readonly (readonly [string, Guarantees])[] = [
  ['bare (benchmark 1)', {}],
  ['+ a real append to PostgreSQL', { append: true }],
  ['+ the state as the answer (2.4 KB)', { append: true, outcomeBytes: 2400 }],
  ['+ search attributes upserted', { append: true, outcomeBytes: 2400, searchAttributes: true }],
  [
    '+ the SLA timer re-planned (the floor)',
    { append: true, outcomeBytes: 2400, searchAttributes: true, replanTimer: true },
  ],
];

/** Ours without the API: the same Updates the API sends, straight from the Temporal client. */
export const ourWorkflow =
  (client: Client): CaseDriver =>
  async (onStep) => {
    const complaintId = randomUUID();
    const as = (actor: string, command: CommandPayload<ComplaintCommand>): ComplaintRequest => ({
      command,
      actor,
      roles: ['supervisor'],
    });
    const start = new WithStartWorkflowOperation(complaintEntity.workflowType, {
      workflowId: complaintWorkflowId(complaintId),
      taskQueue: ourTaskQueue,
      args: [{ complaintId } satisfies ComplaintCaseInput],
      workflowIdConflictPolicy: 'FAIL',
    });
    const registration = { complaintId, ...RegisterComplaintDto.example, slaPolicy: defaultSlaPolicy };
    await client.workflow.executeUpdateWithStart(complaintEntity.updates.RegisterComplaint, {
      args: [as('li.wei', { type: 'RegisterComplaint', data: registration } as CommandPayload<ComplaintCommand>)],
      startWorkflowOperation: start,
    });
    const handle = await start.workflowHandle();
    const steps = [
      ['CompleteIdentification', { ...IdentifyStepDto.example, owner: 'li.wei' }, 'li.wei'],
      ['CompleteAnalysis', AnalyseStepDto.example, 'li.wei'],
      ['CompleteResolution', ResolveStepDto.example, 'li.wei'],
      ['CompleteVerification', VerifyStepDto.example, 'zhang.qa'],
      ['CompleteFeedback', FeedbackStepDto.example, 'li.wei'],
      ['ArchiveComplaint', ArchiveStepDto.example, 'li.wei'],
    ] as const;
    for (const [type, data, actor] of steps) {
      const request = as(actor, { type, data } as CommandPayload<ComplaintCommand>);
      await timed(
        () =>
          handle.executeUpdate(
            complaintEntity.updates[type] as unknown as typeof complaintEntity.updates.RegisterComplaint,
            {
              args: [request],
            },
          ),
        onStep,
      );
    }
  };

export const runFloor = async (): Promise<void> => {
  // The product starts first: its worker registers the search attributes the bare variants upsert too.
  const servers = await startContenders((databaseUrl) => ({ BARE_DATABASE_URL: databaseUrl }));
  const { product, client, taskQueue } = servers;
  try {
    const drivers: [string, CaseDriver][] = [
      ...variants.map(([name, guarantees]) => [name, bareCase(client, taskQueue, guarantees)] as [string, CaseDriver]),
      ['ours, from the Temporal client (no API)', ourWorkflow(client)],
      ['ours, through the API (benchmark 1)', await ourCase(product.baseUrl)],
    ];
    const samples = new Map<string, number[]>(drivers.map(([name]) => [name, []]));
    for (const [, drive] of drivers) await drive(() => undefined); // warm-up
    // By turns, case by case, so the host's drifting load falls on all alike.
    for (let i = 0; i < cases; i++)
      for (const [name, drive] of drivers) await drive((ms) => samples.get(name)!.push(ms));
    const p50 = (name: string) => percentile(samples.get(name)!, 50);
    const bare = variants[0]![0];
    const floor = variants.at(-1)![0];
    console.log(
      `\nFloor: ${cases} cases one at a time by turns, 6 steps each; step latency p50, each against the bare step.\n`,
    );
    for (const [name] of drivers.slice(1)) report(name, p50(name), p50(bare), 'ms', false);
    console.log('');
    report('ours through the API vs the floor', p50(drivers.at(-1)![0]), p50(floor), 'ms', false);
    report('ours from the client vs the floor', p50(drivers.at(-2)![0]), p50(floor), 'ms', false);

    // Throughput: whole cases on many lanes, each contender in turn; on two cores this is CPU per case.
    const throughput = new Map<string, number>();
    for (const [name, drive] of drivers) {
      throughput.set(
        name,
        saturationCases / (await inParallel(saturationCases, saturation, () => drive(() => undefined))),
      );
    }
    console.log(
      `\nThroughput: ${saturationCases} whole cases on ${saturation} lanes, each in turn, against the bare case.\n`,
    );
    for (const [name] of drivers.slice(1)) report(name, throughput.get(name)!, throughput.get(bare)!, 'cases/s');
    console.log('');
    report('ours through the API vs the floor', throughput.get(drivers.at(-1)![0])!, throughput.get(floor)!, 'cases/s');
  } finally {
    await servers.stop();
  }
};
