import type { ComplaintSnapshot } from '../../../libs/contracts/index.js';
import { activeClocks, escalationLevelOf, nextDueAt, type RegisteredComplaint, type SlaClock } from '../../../libs/domain/index.js';

/** The SLA picture of a case: its clocks (running, paused or stopped), the next due time and the rung reached. */
export type SlaView = Readonly<{
  dueAt?: string;
  paused: boolean;
  escalationLevel: number;
  clocks: readonly SlaClock[];
}>;

export type ComplaintView = Omit<RegisteredComplaint, 'sla'> & { sla: SlaView; revision: number };

/** The case as clients see it: the policy it runs under stays in its history, not in every answer. */
export const toComplaintView = ({ state, revision }: ComplaintSnapshot): ComplaintView => {
  const active = activeClocks(state.sla);
  return {
    ...state,
    sla: {
      dueAt: nextDueAt(state.sla),
      paused: active.length > 0 && active.every((clock) => clock.runningSince === undefined),
      escalationLevel: escalationLevelOf(state.sla),
      clocks: state.sla.clocks,
    },
    revision,
  };
};
