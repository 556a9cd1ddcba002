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

export type WhatIfCase = Readonly<{
  complaintId: string;
  /** What people call the case (absent on cases registered before numbers). */
  number?: string;
  severity: string;
  status: string;
  actual: SlaOutcome;
  hypothetical: SlaOutcome;
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
  }>;
  cases: readonly WhatIfCase[];
}>;

/** The events the SLA timer recorded; everything else is what people did, which a different policy would not have changed. */
const isTimerEvent = (event: ComplaintEvent): boolean =>
  event.type === 'SlaWarningIssued' ||
  event.type === 'SlaBreached' ||
  (event.type === 'ComplaintEscalated' && event.data.trigger === 'sla');

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

/** Which past cases would have breached or escalated under `policy`, case by case and in sum. */
export const whatIf = (
  cases: readonly { complaintId: string; events: readonly ComplaintEvent[] }[],
  policy: SlaPolicy,
  now: string = new Date().toISOString(),
): WhatIfReport => {
  const results = cases.flatMap(({ complaintId, events }): WhatIfCase[] => {
    const final = events.reduce(complaintDecider.evolve, complaintDecider.initialState());
    if (final.status === 'unregistered') return [];
    // The actual outcome is what the case's timer recorded up to now, so an open case's overdue clock counts on both sides.
    const actual = outcomeOf(runSlaTimerOnto(events, now));
    const hypothetical = outcomeOf(replayUnderPolicy(events, policy, now));
    const changed =
      actual.breached !== hypothetical.breached || actual.maxEscalationLevel !== hypothetical.maxEscalationLevel;
    return [
      {
        complaintId,
        number: final.number,
        severity: final.severity,
        status: final.status,
        actual,
        hypothetical,
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
    },
    cases: results,
  };
};

/** A case's events and what its timer would still record by `now` (an open case the workflow has not woken for yet). */
const runSlaTimerOnto = (events: readonly ComplaintEvent[], now: string): ComplaintEvent[] => {
  const state = events.reduce(complaintDecider.evolve, complaintDecider.initialState());
  return [...events, ...runSlaTimer(state, now).events];
};
