import type { Role } from './roles.js';

/**
 * Which roles may ask for each action: the one table that the API's route
 * guards (`@Allow`) and the views' `allowedActions` both read. Whether the
 * action may be taken on this case or supplier now is the decider's rule on
 * top (`allowedComplaintActions`, `allowedSupplierActions`).
 */
const caseWork = ['owner', 'supervisor'] as const satisfies readonly Role[];
const supervisors = ['supervisor'] as const satisfies readonly Role[];
const engineers = ['quality-engineer'] as const satisfies readonly Role[];
/** Who answers for personal data: erasing a person, and deleting the files that held their data. */
const administrators = ['admin'] as const satisfies readonly Role[];

/** What people do to a case: complete its current step (named for the step), or one of the acts beside the steps. */
export const complaintActions = [
  'identify',
  'analyse',
  'resolve',
  'verify',
  'feedback',
  'feedback-link',
  'archive',
  'comment',
  'wait',
  'end-wait',
  'contain',
  'attach-evidence',
  'retract-evidence',
  'purge-evidence',
  'severity',
  'withdraw',
  'assign',
  'escalate',
  'de-escalate',
  'reopen',
] as const;
export type ComplaintAction = (typeof complaintActions)[number];

export const complaintActionRoles = {
  identify: caseWork,
  analyse: caseWork,
  resolve: caseWork,
  verify: caseWork,
  feedback: caseWork,
  'feedback-link': caseWork,
  archive: caseWork,
  comment: caseWork,
  wait: caseWork,
  'end-wait': caseWork,
  contain: caseWork,
  'attach-evidence': caseWork,
  'retract-evidence': caseWork,
  'purge-evidence': administrators,
  severity: caseWork,
  withdraw: caseWork,
  assign: supervisors,
  escalate: supervisors,
  'de-escalate': supervisors,
  reopen: supervisors,
} as const satisfies Record<ComplaintAction, readonly Role[]>;

/** What people do to a supplier they already registered. */
export const supplierActions = [
  'record-performance',
  'start-evaluation',
  'submit-scores',
  'respond-corrective-action',
  'requalify',
  'attach-evidence',
  'retract-evidence',
] as const;
export type SupplierAction = (typeof supplierActions)[number];

export const supplierActionRoles = {
  'record-performance': engineers,
  'start-evaluation': engineers,
  'submit-scores': engineers,
  'respond-corrective-action': engineers,
  requalify: engineers,
  'attach-evidence': engineers,
  'retract-evidence': engineers,
} as const satisfies Record<SupplierAction, readonly Role[]>;

/**
 * What people do to a customer already registered: keep its contacts and
 * details true, fold a duplicate into another; and, for the person's rights
 * over their data, export all of it or erase it (the administrators').
 */
export const customerActions = ['change-contacts', 'change-details', 'merge', 'export', 'erase'] as const;
export type CustomerAction = (typeof customerActions)[number];

export const customerActionRoles = {
  'change-contacts': caseWork,
  'change-details': caseWork,
  merge: supervisors,
  export: ['admin'],
  erase: ['admin'],
} as const satisfies Record<CustomerAction, readonly Role[]>;

/** What a person may do that belongs to no case or supplier yet: open one, or run the product. */
export const globalActions = ['register-complaint', 'register-customer', 'register-supplier', 'administer'] as const;
export type GlobalAction = (typeof globalActions)[number];

export const globalActionRoles = {
  'register-complaint': caseWork,
  // Whoever registers a complaint may register its customer with it.
  'register-customer': caseWork,
  'register-supplier': engineers,
  administer: ['admin'],
} as const satisfies Record<GlobalAction, readonly Role[]>;

/** Who asks: the token's subject, its roles, and the teammates whose cases they may work. */
export type CallerIdentity = Readonly<{ subject: string; roles: readonly string[]; team: readonly string[] }>;

/** True when one of the caller's roles is among those named. */
export const holdsOneOf = (caller: Pick<CallerIdentity, 'roles'>, allowed: readonly Role[]): boolean =>
  caller.roles.some((role) => (allowed as readonly string[]).includes(role));

/** The global actions the caller's roles give them. */
export const allowedGlobalActions = (caller: Pick<CallerIdentity, 'roles'>): GlobalAction[] =>
  globalActions.filter((action) => holdsOneOf(caller, globalActionRoles[action]));
