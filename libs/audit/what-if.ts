import {
  complaintDecider,
  escalationLevelOf,
  runSlaTimer,
  type ComplaintEvent,
  type ComplaintState,
  type SlaPolicy,
} from '../domain/index.js';

/** How a case fared against its clocks: breached at all, the highest rung reached, which clocks went past their targets. */
export type SlaOutcome = Readonly<{
  breached: boolean;
  firstBreachAt: string | null;
  maxEscalationLevel: number;
  breachedClocks: readonly string[];
}>;

/** A clock whose due time the other policy moves: the due time it ended with (or has now) as it ran, and under the policy. */
export type DueTimeChange = Readonly<{
  clock: string;
  /** Null when the clock never had a due time as the case ran (a target the recorded policy did not set). */
  actual: string | null;
  hypothetical: string | null;
}>;

export type WhatIfCase = Readonly<{
  complaintId: string;
  /** What people call the case (absent on cases registered before numbers). */
  number?: string;
  severity: string;
  status: string;
  actual: SlaOutcome;
  hypothetical: SlaOutcome;
  /** The clocks whose due time moves (a calendar change moves them without necessarily changing a breach), by clock id. */
  dueTimes: readonly DueTimeChange[];
  /** The other policy would have changed the case's breach, its escalation or a due time. */
  changed: boolean;
}>;

export type WhatIfReport = Readonly<{
  evaluatedAt: string;
  summary: Readonly<{
    cases: number;
    breachedActual: number;
    breachedHypothetical: number;
    newlyBreached: number;
    noLongerBreached: number;
    escalatedActual: number;
    escalatedHypothetical: number;
    /** Cases with at least one clock due at another time. */
    dueTimesMoved: number;
  }>;
  cases: readonly WhatIfCase[];
}>;

/** The events the SLA timer recorded; everything else is what people did, which a different policy would not have changed. */
const isTimerEvent = (event: ComplaintEvent): boolean =>
  event.type === 'SlaWarningIssued' ||
  event.type === 'SlaBreached' ||
  (event.type === 'ComplaintEscalated' && event.data.trigger === 'sla');

/**
 * Each clock's due time as the case left it: the one a running clock has now,
 * the last one a stopped clock had before it stopped; a reopened step's clock
 * is its newest.
 */
const lastDueTimes = (events: readonly ComplaintEvent[]): Map<string, string> => {
  const due = new Map<string, string>();
  let state: ComplaintState = complaintDecider.initialState();
  for (const event of events) {
    state = complaintDecider.evolve(state, event);
    if (state.status === 'unregistered') continue;
    for (const clock of state.sla.clocks) if (clock.dueAt) due.set(clock.id, clock.dueAt);
  }
  return due;
};

const dueTimeChanges = (
  actual: ReadonlyMap<string, string>,
  hypothetical: ReadonlyMap<string, string>,
): DueTimeChange[] =>
  [...new Set([...actual.keys(), ...hypothetical.keys()])]
    .filter((clock) => actual.get(clock) !== hypothetical.get(clock))
    .sort()
    .map((clock) => ({ clock, actual: actual.get(clock) ?? null, hypothetical: hypothetical.get(clock) ?? null }));

const outcomeOf = (events: readonly ComplaintEvent[]): SlaOutcome => {
  let state: ComplaintState = complaintDecider.initialState();
  let maxEscalationLevel = 0;
  let firstBreachAt: string | null = null;
  const breachedClocks = new Set<string>();
  for (const event of events) {
    state = complaintDecider.evolve(state, event);
    if (state.status !== 'unregistered')
      maxEscalationLevel = Math.max(maxEscalationLevel, escalationLevelOf(state.sla));
    const clock =
      event.type === 'SlaBreached'
        ? event.data.clock
        : event.type === 'ComplaintEscalated' && event.data.trigger === 'sla'
          ? event.data.clock
          : undefined;
    if (clock) {
      firstBreachAt ??= event.data.at;
      breachedClocks.add(clock);
    }
  }
  return {
    breached: firstBreachAt !== null,
    firstBreachAt,
    maxEscalationLevel,
    breachedClocks: [...breachedClocks].sort(),
  };
};

/**
 * Replays a case's own events (what people did, and when) under another SLA
 * policy: the timer's events are dropped and recomputed as the case's timer
 * would have recorded them, up to each next event and, for a case still
 * open, up to `now`.
 */
export const replayUnderPolicy = (
  events: readonly ComplaintEvent[],
  policy: SlaPolicy,
  now: string,
): ComplaintEvent[] => {
  let state: ComplaintState = complaintDecider.initialState();
  const replayed: ComplaintEvent[] = [];
  const advance = (until: string) => {
    const timer = runSlaTimer(state, until);
    replayed.push(...timer.events);
    state = timer.state;
  };
  for (const original of events.filter((event) => !isTimerEvent(event))) {
    const event =
      original.type === 'ComplaintRegistered'
        ? { ...original, data: { ...original.data, slaPolicy: policy } }
        : original;
    advance(event.data.at);
    replayed.push(event);
    state = complaintDecider.evolve(state, event);
  }
  advance(now);
  return replayed;
};

/** Which past cases would have breached, escalated or been due at other times under `policy`, case by case and in sum. */
export const whatIf = (
  cases: readonly { complaintId: string; events: readonly ComplaintEvent[] }[],
  policy: SlaPolicy,
  now: string = new Date().toISOString(),
): WhatIfReport => {
  const results = cases.flatMap(({ complaintId, events }): WhatIfCase[] => {
    const final = events.reduce(complaintDecider.evolve, complaintDecider.initialState());
    if (final.status === 'unregistered') return [];
    // The actual outcome is what the case's timer recorded up to now, so an open case's overdue clock counts on both sides.
    const ran = runSlaTimerOnto(events, now);
    const replayed = replayUnderPolicy(events, policy, now);
    const actual = outcomeOf(ran);
    const hypothetical = outcomeOf(replayed);
    const dueTimes = dueTimeChanges(lastDueTimes(ran), lastDueTimes(replayed));
    const changed =
      actual.breached !== hypothetical.breached ||
      actual.maxEscalationLevel !== hypothetical.maxEscalationLevel ||
      dueTimes.length > 0;
    return [
      {
        complaintId,
        number: final.number,
        severity: final.severity,
        status: final.status,
        actual,
        hypothetical,
        dueTimes,
        changed,
      },
    ];
  });
  const count = (test: (c: WhatIfCase) => boolean) => results.filter(test).length;
  return {
    evaluatedAt: now,
    summary: {
      cases: results.length,
      breachedActual: count((c) => c.actual.breached),
      breachedHypothetical: count((c) => c.hypothetical.breached),
      newlyBreached: count((c) => !c.actual.breached && c.hypothetical.breached),
      noLongerBreached: count((c) => c.actual.breached && !c.hypothetical.breached),
      escalatedActual: count((c) => c.actual.maxEscalationLevel > 0),
      escalatedHypothetical: count((c) => c.hypothetical.maxEscalationLevel > 0),
      dueTimesMoved: count((c) => c.dueTimes.length > 0),
    },
    cases: results,
  };
};

/** A case's events and what its timer would still record by `now` (an open case the workflow has not woken for yet). */
const runSlaTimerOnto = (events: readonly ComplaintEvent[], now: string): ComplaintEvent[] => {
  const state = events.reduce(complaintDecider.evolve, complaintDecider.initialState());
  return [...events, ...runSlaTimer(state, now).events];
};
