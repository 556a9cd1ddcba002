import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import { escalationLevelOf, nextDueAt, type RegisteredComplaint } from '../domain/index.js';

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

/** The values for a case as it stands; null clears an attribute that no longer applies. */
export const complaintSearchAttributeValues = (state: RegisteredComplaint): SearchAttributeUpdatePair[] => {
  const { status, step, owner, severity, supplier, slaDueAt, escalationLevel } = complaintSearchAttributes;
  const due = nextDueAt(state.sla);
  const supplierId = state.analysis?.responsibleParty.type === 'supplier' ? state.analysis.responsibleParty.supplierId : state.supplierId;
  return [
    { key: status, value: state.status },
    { key: step, value: state.status === 'open' ? state.step : null },
    { key: owner, value: state.owner ?? null },
    { key: severity, value: state.severity },
    { key: supplier, value: supplierId ?? null },
    { key: slaDueAt, value: due ? new Date(due) : null },
    { key: escalationLevel, value: escalationLevelOf(state.sla) },
  ];
};
