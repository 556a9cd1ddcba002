import type { ComplaintSnapshot } from '../../../libs/contracts/index.js';
import {
  activeClocks,
  escalationLevelOf,
  nextDueAt,
  readClocks,
  type ClockReading,
  type RegisteredComplaint,
} from '../../../libs/domain/index.js';

/** The SLA picture of a case at an instant: its clocks (running, paused or stopped) as they read then, the next due time and the rung reached. */
export type SlaView = Readonly<{
  asOf: string;
  dueAt?: string;
  paused: boolean;
  breached: boolean;
  escalationLevel: number;
  clocks: readonly ClockReading[];
}>;

export type ComplaintView = Omit<RegisteredComplaint, 'sla'> & { sla: SlaView; revision: number };

/**
 * The case as clients see it, its clocks read at `at` (now, unless an auditor
 * looks back). The policy it runs under stays in its history, not in every answer.
 */
export const toComplaintView = (
  { state, revision }: ComplaintSnapshot,
  at: string = new Date().toISOString(),
): ComplaintView => {
  const active = activeClocks(state.sla);
  const clocks = readClocks(state.sla, at);
  return {
    ...state,
    sla: {
      asOf: at,
      dueAt: nextDueAt(state.sla),
      paused: active.length > 0 && active.every((clock) => clock.runningSince === undefined),
      breached: clocks.some((clock) => clock.breached || clock.overdue),
      escalationLevel: escalationLevelOf(state.sla),
      clocks,
    },
    revision,
  };
};
