import { nextMarkAt } from '../sla/sla-clocks.js';
import { complaintDecider } from './complaint.decider.js';
import { slaActor } from './complaint.commands.js';
import type { ComplaintEvent, ComplaintState } from './complaint.events.js';

/** More marks than any ladder has: a guard against a calendar that never lets time pass. */
const maxMarks = 100;

/**
 * What a case's own timer records while time runs on to `until` with nothing
 * else happening: at each instant a mark falls due, the `CheckSlaClocks`
 * command the workflow would send, decided and folded. The workflow lives
 * this out in real time; replays and simulations (what-if) compute it.
 */
export const runSlaTimer = (
  state: ComplaintState,
  until: string,
): { state: ComplaintState; events: ComplaintEvent[] } => {
  const events: ComplaintEvent[] = [];
  let current = state;
  for (let n = 0; n < maxMarks && current.status === 'open'; n++) {
    const mark = nextMarkAt(current.sla, current.severity);
    if (!mark || mark > until) break;
    const decided = complaintDecider.decide(
      { type: 'CheckSlaClocks', data: {}, metadata: { now: mark, actor: slaActor } },
      current,
    );
    if (decided.length === 0) break;
    events.push(...decided);
    current = decided.reduce(complaintDecider.evolve, current);
  }
  return { state: current, events };
};
