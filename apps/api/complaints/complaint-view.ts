import { complaintEntity, type ComplaintCaseInput, type ComplaintSnapshot } from '../../../libs/contracts/index.js';
import type { ComplaintView, FeedbackLinkView } from '../../../libs/contracts/read-views.js';
import { entityDescriptor } from '../entities/entity-service.js';
import { problemSaying } from '../problems/problem.js';
import {
  activeClocks,
  allowedComplaintActions,
  escalationLevelOf,
  feedbackLinkStateOf,
  nextDueAt,
  pauseReasonsOf,
  readClocks,
  satisfactionScale,
  type CallerIdentity,
  type FeedbackLink,
} from '../../../libs/domain/index.js';

export type { ComplaintView };

/** A link as its case shows it: where it stands at `at`, without its token's hash. */
const feedbackLinkView = ({ tokenHash: _hash, ...link }: FeedbackLink, at: string): FeedbackLinkView => ({
  ...link,
  state: feedbackLinkStateOf(link, at),
});

/**
 * The case as clients see it, for the caller who asks, its clocks read at
 * `at` (now, unless an auditor looks back, when nothing may be done to it).
 * The policy it runs under stays in its history, not in every answer.
 */
export const toComplaintView = (
  { state, revision }: ComplaintSnapshot,
  { caller, at = new Date().toISOString() }: { caller?: CallerIdentity; at?: string } = {},
): ComplaintView => {
  const active = activeClocks(state.sla);
  const clocks = readClocks(state.sla, state.severity, at);
  // The Message-IDs kept to record each customer message once are the workflow's, not the reader's.
  const { feedbackLink, customerMessageIds: _, ...rest } = state;
  return {
    ...rest,
    ...(feedbackLink ? { feedbackLink: feedbackLinkView(feedbackLink, at) } : {}),
    sla: {
      asOf: at,
      dueAt: nextDueAt(state.sla),
      paused: active.length > 0 && active.every((clock) => clock.runningSince === undefined),
      breached: clocks.some((clock) => clock.breached || clock.overdue),
      escalationLevel: escalationLevelOf(state.sla),
      clocks,
    },
    revision,
    allowedActions: caller ? allowedComplaintActions(state, caller) : [],
    scales: {
      escalationLadder: state.sla.policy.severities[state.severity].escalation.length,
      satisfaction: satisfactionScale,
      pauseReasons: pauseReasonsOf(state.sla.policy),
    },
  };
};

/** How the API serves complaint cases: read from their records, viewed for the caller, 409 `case-closed` once closed. */
export const complaintDescriptor = entityDescriptor({
  contract: complaintEntity,
  view: toComplaintView,
  notFound: { now: 'complaint-not-found', then: 'complaint-not-found-then' },
  restoreInput: (complaintId) => ({ complaintId, restore: true }) satisfies ComplaintCaseInput,
  notRunning: (view, id) =>
    view.status === 'open'
      ? undefined
      : problemSaying(
          'case-closed',
          'case-closed',
          { id, status: view.status },
          { complaintId: id, status: view.status },
        ),
});
