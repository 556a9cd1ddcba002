import { randomUUID } from 'node:crypto';
import {
  causeCategories,
  DomainError,
  complaintDecider,
  defaultEvaluationPolicy,
  defaultSlaPolicy,
  runSlaTimer,
  scoredCriteria,
  severities,
  supplierDecider,
  type ComplaintCommand,
  type ComplaintEvent,
  type ComplaintState,
  type SupplierCommand,
  type SupplierEvent,
  type SupplierState,
} from '../../libs/domain/index.js';
import type { EventStore } from '../../libs/event-store/index.js';

/** A small seeded generator, so a failing history can be produced again. */
export const seededRandom = (seed: number) => {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
};

type Payload<C> = C extends { type: infer T; data: infer D } ? { type: T; data: D } : never;

const hour = 3_600_000;
const customers = ['Ningbo Pumps', 'Rhein Valves', 'Osaka Fittings', 'Lyon Hydraulics', 'Porto Seals'];
const owners = ['li.wei', 'anna.k', 'omar.s', 'jo.b'];
const supplierIds = ['sup-castings', 'sup-seals', 'sup-bearings'];

/**
 * Complaint streams as the workflow would write them: commands decided by the
 * domain at simulated times, with the SLA timer's checks in between, so
 * warnings, breaches and escalations occur where a slow case earns them.
 */
export const generateComplaintHistories = (count: number, seed = 1, start = Date.parse('2026-01-05T08:00:00.000Z')) => {
  const random = seededRandom(seed);
  const histories: { complaintId: string; events: ComplaintEvent[] }[] = [];
  for (let i = 0; i < count; i++) {
    const complaintId = randomUUID();
    let state: ComplaintState = complaintDecider.initialState();
    const events: ComplaintEvent[] = [];
    let now = start + i * 17 * 60_000;
    const run = (command: Payload<ComplaintCommand>, actor: string) => {
      const decided = complaintDecider.decide(
        {
          ...command,
          metadata: { now: new Date(now).toISOString(), actor, roles: ['supervisor'] },
        } as ComplaintCommand,
        state,
      );
      events.push(...decided);
      state = decided.reduce(complaintDecider.evolve, state);
    };
    /** A request people may send that the case can refuse (a manual escalation past the top rung): refused, nothing is written. */
    const attempt = (command: Payload<ComplaintCommand>, actor: string) => {
      try {
        run(command, actor);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    };
    /** Time passes; the case's timer records every mark that falls due on the way. */
    const wait = (ms: number) => {
      now += ms;
      const timer = runSlaTimer(state, new Date(now).toISOString());
      events.push(...timer.events);
      state = timer.state;
    };
    const slow = () => (random.chance(0.25) ? 30 * hour * random.next() : 3 * hour * random.next());
    const owner = random.pick(owners);
    const supplier = random.chance(0.4) ? random.pick(supplierIds) : undefined;

    run(
      {
        type: 'RegisterComplaint',
        data: {
          complaintId,
          customer: { name: random.pick(customers) },
          channel: 'email',
          category: 'product-quality',
          severity: random.pick(severities),
          title: `Case ${i}: ${random.pick(['seal leaks', 'late delivery', 'wrong label', 'cracked housing'])}`,
          description: 'Generated for projection tests.',
          slaPolicy: defaultSlaPolicy,
        },
      },
      'desk',
    );
    const withdraw = random.chance(0.05);
    wait(slow());
    if (withdraw) {
      run({ type: 'WithdrawComplaint', data: { reason: 'invalid', explanation: 'Not a complaint' } }, owner);
      histories.push({ complaintId, events });
      continue;
    }
    run({ type: 'CompleteIdentification', data: { owner, acknowledgement: 'Received' } }, owner);
    if (random.chance(0.1))
      run(
        { type: 'ReassignComplaint', data: { owner: random.pick(owners.filter((other) => other !== owner)) } },
        'lead',
      );
    if (random.chance(0.05)) attempt({ type: 'EscalateComplaint', data: { reason: 'Key account' } }, 'lead');
    // Some cases stop at any step, as open cases do.
    const stopAt = random.chance(0.3) ? Math.floor(random.next() * 5) : 99;
    // Bounded: a case may loop back a few times, never for ever.
    for (let n = 0; n < 20 && state.status === 'open'; n++) {
      const step = state.step;
      if (stopAt <= ['analyse', 'resolve', 'verify', 'feedback', 'archive'].indexOf(step)) break;
      wait(slow());
      if (step === 'analyse') {
        const responsibleParty = supplier
          ? { type: 'supplier' as const, supplierId: supplier }
          : { type: 'internal' as const, department: 'assembly' };
        run(
          {
            type: 'CompleteAnalysis',
            data: { rootCause: 'Found', causeCategory: random.pick(causeCategories), responsibleParty },
          },
          owner,
        );
      } else if (step === 'resolve') {
        run(
          {
            type: 'CompleteResolution',
            data: {
              summary: 'Fixed',
              actions: [{ kind: 'corrective', description: 'Fix', owner: 'eng', dueDate: '2026-12-01' }],
            },
          },
          'eng',
        );
      } else if (step === 'verify') {
        run({ type: 'CompleteVerification', data: { effective: !random.chance(0.2), notes: 'Checked' } }, 'qa');
      } else if (step === 'feedback') {
        const score = 1 + Math.floor(random.next() * 5);
        run(
          {
            type: 'CompleteFeedback',
            data: {
              satisfied: score >= 3 || random.chance(0.5),
              satisfactionScore: score,
              customerResponse: 'Answered',
              contactChannel: 'phone',
            },
          },
          owner,
        );
      } else if (step === 'archive') {
        run({ type: 'ArchiveComplaint', data: { lessonsLearned: 'Learnt' } }, owner);
      }
    }
    histories.push({ complaintId, events });
  }
  return histories;
};

/** Supplier streams: registered, then a few evaluations scored at random. */
export const generateSupplierHistories = (count: number, seed = 2, start = Date.parse('2026-01-05T08:00:00.000Z')) => {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const supplierId = `gen-${i}-${randomUUID().slice(0, 8)}`;
    let state: SupplierState = supplierDecider.initialState();
    const events: SupplierEvent[] = [];
    let now = start + i * hour;
    const run = (command: Payload<SupplierCommand>) => {
      const decided = supplierDecider.decide(
        { ...command, metadata: { now: new Date(now).toISOString(), actor: 'zhao.sqe' } } as SupplierCommand,
        state,
      );
      events.push(...decided);
      state = decided.reduce(supplierDecider.evolve, state);
    };
    run({
      type: 'RegisterSupplier',
      data: {
        supplierId,
        name: `Supplier ${i}`,
        category: 'castings',
        supplies: ['valve body'],
        criticality: 'high',
        policy: defaultEvaluationPolicy,
      },
    });
    for (let round = 0; round < 3 && state.status === 'active'; round++) {
      if (round > 0) now += 40 * 24 * hour;
      run({
        type: 'StartEvaluation',
        data: { trigger: round === 0 ? 'scheduled' : 'manual', measures: { 'attributed-complaints': 0 } },
      });
      now += 2 * 24 * hour;
      const base = 40 + Math.floor(random.next() * 60);
      run({
        type: 'SubmitScores',
        data: {
          scores: Object.fromEntries(
            scoredCriteria.map((criterion) => [criterion, Math.min(100, base + Math.floor(random.next() * 10))]),
          ),
        },
      });
    }
    return { supplierId, events };
  });
};

/** Writes generated streams to a store, one append per stream, each event stamped with its actor. */
export const appendHistories = async (
  store: EventStore,
  streams: readonly { streamId: string; events: readonly (ComplaintEvent | SupplierEvent)[] }[],
) => {
  for (const { streamId, events } of streams) {
    await store.append(
      streamId,
      events.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: event.data,
        metadata: { actor: event.data.by },
      })),
      { expectedRevision: 'no-stream' },
    );
  }
};
