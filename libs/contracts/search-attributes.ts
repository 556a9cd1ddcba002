import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import {
  escalationLevelOf,
  stepEscalationLevelOf,
  nextDueAt,
  nextSupplierDeadline,
  type RegisteredComplaint,
  type RegisteredSupplier,
} from '../domain/index.js';

/**
 * What every case shows Temporal's visibility, so `temporal workflow list
 * --query` and the UI can filter cases, e.g.
 * `ComplaintStep = 'analyse' AND EscalationLevel >= 1`.
 */
export const complaintSearchAttributes = {
  status: defineSearchAttributeKey('ComplaintStatus', SearchAttributeType.KEYWORD),
  step: defineSearchAttributeKey('ComplaintStep', SearchAttributeType.KEYWORD),
  owner: defineSearchAttributeKey('ComplaintOwner', SearchAttributeType.KEYWORD),
  severity: defineSearchAttributeKey('ComplaintSeverity', SearchAttributeType.KEYWORD),
  supplier: defineSearchAttributeKey('SupplierId', SearchAttributeType.KEYWORD),
  slaDueAt: defineSearchAttributeKey('SlaDueAt', SearchAttributeType.DATETIME),
  escalationLevel: defineSearchAttributeKey('EscalationLevel', SearchAttributeType.INT),
} as const;

/**
 * The values for a case as it stands; null clears an attribute that no longer
 * applies. `heldLevel` false shows the level as runs before held levels
 * showed it, so that their histories replay.
 */
export const complaintSearchAttributeValues = (
  state: RegisteredComplaint,
  heldLevel = true,
): SearchAttributeUpdatePair[] => {
  const { status, step, owner, severity, supplier, slaDueAt, escalationLevel } = complaintSearchAttributes;
  const due = nextDueAt(state.sla);
  const supplierId =
    state.analysis?.responsibleParty.type === 'supplier'
      ? state.analysis.responsibleParty.supplierId
      : state.supplierId;
  return [
    { key: status, value: state.status },
    { key: step, value: state.status === 'open' ? state.step : null },
    { key: owner, value: state.owner ?? null },
    { key: severity, value: state.severity },
    { key: supplier, value: supplierId ?? null },
    { key: slaDueAt, value: due ? new Date(due) : null },
    { key: escalationLevel, value: (heldLevel ? escalationLevelOf : stepEscalationLevelOf)(state.sla) },
  ];
};

/** What every supplier's cycle shows visibility, e.g. `SupplierGrade = 'C' AND SupplierStatus = 'active'`. */
export const supplierSearchAttributes = {
  supplier: complaintSearchAttributes.supplier,
  grade: defineSearchAttributeKey('SupplierGrade', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('SupplierStatus', SearchAttributeType.KEYWORD),
  nextDeadline: defineSearchAttributeKey('SupplierNextDeadline', SearchAttributeType.DATETIME),
} as const;

export const supplierSearchAttributeValues = (state: RegisteredSupplier): SearchAttributeUpdatePair[] => {
  const { supplier, grade, status, nextDeadline } = supplierSearchAttributes;
  const deadline = nextSupplierDeadline(state);
  return [
    { key: supplier, value: state.id },
    { key: grade, value: state.grade ?? null },
    { key: status, value: state.status },
    { key: nextDeadline, value: deadline ? new Date(deadline) : null },
  ];
};

/** Every search attribute qloop's workflows set, once each: what a worker makes sure the namespace has. */
export const searchAttributeKeys = [
  ...new Map(
    [...Object.values(complaintSearchAttributes), ...Object.values(supplierSearchAttributes)].map((key) => [
      key.name,
      key,
    ]),
  ).values(),
];
