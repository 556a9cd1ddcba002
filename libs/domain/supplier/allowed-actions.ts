import { holdsOneOf, supplierActionRoles, type CallerIdentity, type SupplierAction } from '../access/actions.js';
import type { SupplierCommandType } from './supplier.commands.js';
import { phaseOf, type SupplierPhase, type SupplierState } from './supplier.events.js';

/** The command each action sends: the decider's rules for that command are the action's. */
export const supplierActionCommands = {
  'record-performance': 'RecordPerformance',
  'start-evaluation': 'RequestEvaluation',
  'submit-scores': 'SubmitScores',
  'respond-corrective-action': 'RespondToCorrectiveAction',
  requalify: 'RequalifySupplier',
  'attach-evidence': 'AttachEvidence',
  'retract-evidence': 'RetractEvidence',
} as const satisfies Record<SupplierAction, SupplierCommandType>;

/** What each phase of the cycle lets a person move on. */
const byPhase: Record<SupplierPhase, readonly SupplierAction[]> = {
  idle: ['start-evaluation'],
  evaluating: ['submit-scores'],
  disqualified: ['requalify'],
};

/**
 * What the caller may do to the supplier now: the role table and the
 * decider's rules (one evaluation open at a time, none while disqualified
 * until it is requalified, an answer only to an unanswered corrective action).
 */
export const allowedSupplierActions = (
  state: SupplierState,
  caller: Pick<CallerIdentity, 'roles'>,
): SupplierAction[] => {
  if (state.status === 'unregistered') return [];
  const possible: SupplierAction[] = [
    'record-performance',
    ...byPhase[phaseOf(state)],
    ...(state.correctiveActions.some((action) => !action.respondedAt) ? (['respond-corrective-action'] as const) : []),
    'attach-evidence',
    ...(state.evidence?.some((file) => !file.retracted) ? (['retract-evidence'] as const) : []),
  ];
  return possible.filter((action) => holdsOneOf(caller, supplierActionRoles[action]));
};
