import type { ClockReading as ServerReading } from '../../../../libs/domain/sla/sla-clocks.js';

/** One SLA clock as the API reads it (`sla.clocks[]` of a case): the domain's reading, as JSON. */
export type SlaClock = ServerReading;

export type ClockTone = 'ok' | 'warning' | 'danger' | 'paused' | 'stopped';

export type ClockReading = Readonly<{
  kind: 'acknowledge' | 'containment' | 'case' | 'step';
  step?: string;
  remainingMs: number;
  overByMs: number;
  percentUsed: number;
  tone: ClockTone;
}>;

/**
 * A clock read at `now` in the browser, between two answers of the API: a
 * running clock counts down to its due time (which the server worked out on
 * the business calendar) and turns amber at its warning point (the server's
 * too); a paused or stopped one stays as the server read it.
 */
export const readClock = (clock: SlaClock, now: number): ClockReading => {
  const [kind, step] = clock.id.startsWith('step:')
    ? (['step', clock.id.slice(5)] as const)
    : ([clock.id as 'acknowledge' | 'containment' | 'case', undefined] as const);
  const running = clock.runningSince !== undefined && clock.dueAt !== undefined && clock.stoppedAt === undefined;
  const remaining = running ? Date.parse(clock.dueAt!) - now : clock.remainingMs;
  const elapsed = running ? clock.targetMs - remaining : clock.elapsedMs;
  const percentUsed = clock.targetMs > 0 ? Math.max(0, Math.round((elapsed / clock.targetMs) * 100)) : 100;
  const late = remaining <= 0 || clock.breached;
  const tone: ClockTone = clock.stoppedAt
    ? 'stopped'
    : !running
      ? 'paused'
      : late
        ? 'danger'
        : clock.warned || (clock.warnAt !== undefined ? now >= Date.parse(clock.warnAt) : elapsed >= clock.warnAtMs)
          ? 'warning'
          : 'ok';
  return { kind, step, remainingMs: Math.max(0, remaining), overByMs: Math.max(0, -remaining), percentUsed, tone };
};
