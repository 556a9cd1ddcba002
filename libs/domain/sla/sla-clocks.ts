import { containmentSteps, type ComplaintStep, type Severity } from '../complaint/vocabulary.js';
import { alwaysWorking, businessHours, type WorkingTime } from './business-calendar.js';
import type { EscalationLevel, SlaPolicy, SeverityTargets } from './sla-policy.js';

/**
 * SLA clocks are a fold over a case's events: each event says where the case
 * is, and the clocks follow. Nothing here reads a clock of its own; time comes
 * from the events and from the `now` a caller passes in.
 */

/**
 * `acknowledge` runs until the case is identified, `containment` (where the
 * policy sets a target) until something is done to protect the customer or
 * the case leaves analyse, `case` until it closes, `step:<step>` while the
 * case is at that step.
 */
export type SlaClockId = 'acknowledge' | 'containment' | 'case' | `step:${ComplaintStep}`;

export type SlaClock = Readonly<{
  id: SlaClockId;
  targetMs: number;
  startedAt: string;
  /** Working time spent, up to `runningSince` if the clock runs, in total otherwise. */
  spentMs: number;
  /** Set while the clock runs; absent while paused or stopped. */
  runningSince?: string;
  /** When a running clock reaches its target (in the past if it already has). */
  dueAt?: string;
  stoppedAt?: string;
  warned: boolean;
  breached: boolean;
  /** The highest rung of the escalation ladder this clock has reached. */
  level: number;
}>;

export type SlaState = Readonly<{
  policy: SlaPolicy;
  /** Every clock the case has had, oldest first; a reopened step gets a new one. */
  clocks: readonly SlaClock[];
  /** Manual escalation of the current step; cleared when the step changes. Kept for `stepEscalationLevelOf`. */
  manualLevel: number;
  /**
   * The rung the case has reached: the highest escalation, by a clock or a
   * person, since the case (re)opened or a supervisor last de-escalated it.
   * Held across steps; back to 0 when the case closes. Absent from states
   * folded before it existed (read models keep folded states).
   */
  level?: number;
}>;

/** Where a case stands, as far as its clocks are concerned. */
export type ClockSituation = Readonly<{
  open: boolean;
  step?: ComplaintStep;
  identified: boolean;
  /** Containment is recorded (absent: as good as false, for situations built before it existed). */
  contained?: boolean;
  severity: Severity;
  /** The case waits on the customer: every clock pauses. */
  paused: boolean;
}>;

export type SlaMark =
  | Readonly<{ kind: 'warning'; clock: SlaClockId; targetMs: number; dueAt: string }>
  | Readonly<{ kind: 'breach'; clock: SlaClockId; targetMs: number; dueAt: string }>
  | Readonly<{
      kind: 'escalation';
      clock: SlaClockId;
      targetMs: number;
      dueAt: string;
      level: number;
      rung: EscalationLevel;
    }>;

const workingTimes = new WeakMap<SlaPolicy, WorkingTime>();

export const workingTimeOf = (policy: SlaPolicy): WorkingTime => {
  let workingTime = workingTimes.get(policy);
  if (!workingTime) {
    workingTime = policy.calendar ? businessHours(policy.calendar) : alwaysWorking;
    workingTimes.set(policy, workingTime);
  }
  return workingTime;
};

const targetOf = (targets: SeverityTargets, id: SlaClockId): number | undefined => {
  if (id === 'acknowledge') return targets.acknowledgeMs;
  if (id === 'case') return targets.caseMs;
  if (id === 'containment') return targets.containmentMs;
  return targets.stepMs[id.slice('step:'.length) as ComplaintStep];
};

const isActive = (clock: SlaClock): boolean => clock.stoppedAt === undefined;

/** The clocks a case in this situation should have running (or paused). */
const wantedClocks = (situation: ClockSituation, targets: SeverityTargets): SlaClockId[] => {
  if (!situation.open) return [];
  const wanted: SlaClockId[] = ['case'];
  if (!situation.identified) wanted.push('acknowledge');
  // Containment is the first thing done for the customer: recorded in identify or analyse, or its moment has passed.
  const containing = situation.step !== undefined && containmentSteps.includes(situation.step);
  if (targets.containmentMs !== undefined && !situation.contained && containing) wanted.push('containment');
  const stepClock: SlaClockId | undefined = situation.step && `step:${situation.step}`;
  if (stepClock && targetOf(targets, stepClock) !== undefined) wanted.push(stepClock);
  return wanted;
};

const spentUntil = (clock: SlaClock, at: string, workingTime: WorkingTime): number =>
  clock.runningSince === undefined
    ? clock.spentMs
    : clock.spentMs + workingTime.between(new Date(clock.runningSince), new Date(at));

const withDue = (clock: SlaClock, workingTime: WorkingTime): SlaClock => {
  if (clock.runningSince === undefined) {
    const { dueAt: _, ...rest } = clock;
    return rest;
  }
  const remaining = Math.max(0, clock.targetMs - clock.spentMs);
  return { ...clock, dueAt: workingTime.add(new Date(clock.runningSince), remaining).toISOString() };
};

const stop = (clock: SlaClock, at: string, workingTime: WorkingTime): SlaClock => {
  const { runningSince: _, dueAt: __, ...rest } = clock;
  return { ...rest, spentMs: spentUntil(clock, at, workingTime), stoppedAt: at };
};

const pause = (clock: SlaClock, at: string, workingTime: WorkingTime): SlaClock => {
  if (clock.runningSince === undefined) return clock;
  const { runningSince: _, ...rest } = clock;
  return { ...rest, spentMs: spentUntil(clock, at, workingTime) };
};

const run = (clock: SlaClock, at: string): SlaClock =>
  clock.runningSince === undefined ? { ...clock, runningSince: at } : clock;

/**
 * Brings the clocks in line with the case after an event at `at`: stops the
 * clocks of a step left or a case closed, starts those of a step entered,
 * resumes the case clock of a reopened case, pauses or resumes them all, and
 * re-plans every target for the current severity, keeping the time spent.
 */
export const reconcileClocks = (sla: SlaState, before: ClockSituation, after: ClockSituation, at: string): SlaState => {
  const workingTime = workingTimeOf(sla.policy);
  const targets = sla.policy.severities[after.severity];
  const wanted = new Set(wantedClocks(after, targets));
  const stepChanged = before.step !== after.step || before.open !== after.open;

  let clocks = sla.clocks.map((clock) => {
    if (!isActive(clock)) return clock;
    const leftStep = stepChanged && clock.id.startsWith('step:');
    return wanted.has(clock.id) && !leftStep ? clock : stop(clock, at, workingTime);
  });
  for (const id of wanted) {
    if (clocks.some((clock) => clock.id === id && isActive(clock))) continue;
    const lastCase = id === 'case' ? clocks.findLastIndex((clock) => clock.id === 'case') : -1;
    if (lastCase >= 0) {
      // A reopened case picks its case clock up where it stopped.
      const { stoppedAt: _, ...resumed } = clocks[lastCase]!;
      clocks = clocks.map((clock, i) => (i === lastCase ? { ...resumed, runningSince: at } : clock));
    } else {
      clocks = [
        ...clocks,
        { id, targetMs: 0, startedAt: at, spentMs: 0, runningSince: at, warned: false, breached: false, level: 0 },
      ];
    }
  }
  clocks = clocks.map((clock) => {
    if (!isActive(clock)) return clock;
    const paced = after.paused ? pause(clock, at, workingTime) : run(clock, at);
    return withDue({ ...paced, targetMs: targetOf(targets, clock.id) ?? paced.targetMs }, workingTime);
  });
  return {
    ...sla,
    clocks,
    manualLevel: stepChanged ? 0 : sla.manualLevel,
    level: after.open ? escalationLevelOf(sla) : 0,
  };
};

/** Records that a mark was reached, so it is never reached twice. */
export const markClock = (sla: SlaState, mark: Pick<SlaMark, 'kind' | 'clock'> & { level?: number }): SlaState => ({
  ...sla,
  clocks: sla.clocks.map((clock) => {
    if (clock.id !== mark.clock || !isActive(clock)) return clock;
    if (mark.kind === 'warning') return { ...clock, warned: true };
    if (mark.kind === 'breach') return { ...clock, warned: true, breached: true };
    return { ...clock, warned: true, breached: true, level: Math.max(clock.level, mark.level ?? 0) };
  }),
});

export const activeClocks = (sla: SlaState): SlaClock[] => sla.clocks.filter(isActive);

/** The rung a case has reached and holds until it closes or is de-escalated on purpose. */
export const escalationLevelOf = (sla: SlaState): number => sla.level ?? stepEscalationLevelOf(sla);

/**
 * The rung as it was reckoned before levels were held: the highest of the
 * active clocks and of the current step's manual escalation, so it fell when
 * a step ended. Runs that showed it in their search attributes replay with it.
 */
export const stepEscalationLevelOf = (sla: SlaState): number =>
  Math.max(sla.manualLevel, ...activeClocks(sla).map((clock) => clock.level));

/** The case reached a rung (by a clock or a person): its level is the higher of the two. */
export const escalatedTo = (sla: SlaState, level: number): SlaState => ({
  ...sla,
  level: Math.max(escalationLevelOf(sla), level),
});

/** A supervisor brought the case down to a rung on purpose. */
export const deescalatedTo = (sla: SlaState, level: number): SlaState => ({
  ...sla,
  manualLevel: Math.min(sla.manualLevel, level),
  level,
});

/** The earliest due time among the running clocks: what the case is racing against. */
export const nextDueAt = (sla: SlaState): string | undefined =>
  activeClocks(sla)
    .map((clock) => clock.dueAt)
    .filter((due): due is string => due !== undefined)
    .sort()[0];

/** The working time at which each mark of a clock falls due, in the order they are reached. */
const thresholdsOf = (
  clock: SlaClock,
  targets: SeverityTargets,
): { kind: SlaMark['kind']; atMs: number; level?: number }[] => [
  { kind: 'warning', atMs: Math.round(clock.targetMs * targets.warningRatio) },
  { kind: 'breach', atMs: clock.targetMs },
  ...targets.escalation.map((rung, i) => ({
    kind: 'escalation' as const,
    atMs: clock.targetMs + rung.afterMs,
    level: i + 1,
  })),
];

const pendingThresholds = (clock: SlaClock, targets: SeverityTargets) =>
  thresholdsOf(clock, targets).filter((threshold) => {
    if (threshold.kind === 'warning') return !clock.warned && !clock.breached;
    if (threshold.kind === 'breach') return !clock.breached;
    return threshold.level! > clock.level;
  });

/**
 * The marks reached by `now` and not yet recorded, clock by clock, in order.
 * A clock already past its target when it is looked at skips the warning.
 */
export const dueMarks = (sla: SlaState, severity: Severity, now: string): SlaMark[] => {
  const workingTime = workingTimeOf(sla.policy);
  const targets = sla.policy.severities[severity];
  return activeClocks(sla).flatMap((clock): SlaMark[] => {
    if (clock.runningSince === undefined) return [];
    const spent = spentUntil(clock, now, workingTime);
    const reached = pendingThresholds(clock, targets).filter((threshold) => threshold.atMs <= spent);
    const breaching = reached.some((threshold) => threshold.kind === 'breach');
    const base = { clock: clock.id, targetMs: clock.targetMs, dueAt: clock.dueAt! };
    return reached
      .filter((threshold) => !(threshold.kind === 'warning' && breaching))
      .map((threshold): SlaMark =>
        threshold.kind === 'escalation'
          ? { ...base, kind: 'escalation', level: threshold.level!, rung: targets.escalation[threshold.level! - 1]! }
          : { ...base, kind: threshold.kind },
      );
  });
};

/** When the next mark of any running clock falls due, if one ever will. */
export const nextMarkAt = (sla: SlaState, severity: Severity): string | undefined => {
  const workingTime = workingTimeOf(sla.policy);
  const targets = sla.policy.severities[severity];
  const instants = activeClocks(sla).flatMap((clock) => {
    if (clock.runningSince === undefined) return [];
    const next = pendingThresholds(clock, targets)[0];
    if (!next) return [];
    return [workingTime.add(new Date(clock.runningSince), Math.max(0, next.atMs - clock.spentMs)).toISOString()];
  });
  return instants.sort()[0];
};

/**
 * A clock as it reads at one instant: working time spent by then, what is
 * left, whether it is past its target, and where its warning falls (the
 * policy's share of the target; for a running clock still short of it, the
 * instant too), so no reader needs a warning ratio of its own.
 */
export type ClockReading = SlaClock &
  Readonly<{
    elapsedMs: number;
    remainingMs: number;
    overdue: boolean;
    warningRatio: number;
    warnAtMs: number;
    warnAt?: string;
  }>;

/**
 * The clocks as they read at `at`: now for the live case, or the instant an
 * auditor looks back to (with the clocks folded from the events up to then).
 */
export const readClocks = (sla: SlaState, severity: Severity, at: string): ClockReading[] => {
  const workingTime = workingTimeOf(sla.policy);
  const { warningRatio } = sla.policy.severities[severity];
  return sla.clocks.map((clock) => {
    const elapsedMs = Math.max(0, spentUntil(clock, at, workingTime));
    const warnAtMs = Math.round(clock.targetMs * warningRatio);
    const warningAhead = clock.runningSince !== undefined && clock.spentMs < warnAtMs;
    return {
      ...clock,
      elapsedMs,
      remainingMs: Math.max(0, clock.targetMs - elapsedMs),
      overdue: elapsedMs >= clock.targetMs,
      warningRatio,
      warnAtMs,
      ...(warningAhead
        ? { warnAt: workingTime.add(new Date(clock.runningSince!), warnAtMs - clock.spentMs).toISOString() }
        : {}),
    };
  });
};
