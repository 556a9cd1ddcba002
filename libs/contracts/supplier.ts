import { defineSignal } from '@temporalio/workflow';
import {
  supplierDecider,
  type CommandPayload,
  type PerformanceMeasures,
  type RegisteredSupplier,
  type Severity,
  type SupplierCommand,
  type SupplierCommandType,
  type SupplierState,
} from '../domain/index.js';
import { defineEntity } from './entity.js';
import type { EntityRequest, EntitySnapshot } from './entity-request.js';

export type SupplierRequest = EntityRequest<CommandPayload<SupplierCommand>>;
export type SupplierSnapshot = EntitySnapshot<RegisteredSupplier>;

export type SupplierCycleInput = Readonly<{
  supplierId: string;
  /** The supplier as the previous run left it, after continue-as-new. */
  carried?: SupplierSnapshot;
}>;

/** What people ask of a supplier's cycle; the rest (complaints, timers) the cycle hears otherwise. */
export const supplierUpdateTypes = [
  'RegisterSupplier',
  'RecordPerformance',
  'RequestEvaluation',
  // People asked for evaluations with the cycle's own command before RequestEvaluation; their runs replay with it.
  'StartEvaluation',
  'SubmitScores',
  'RespondToCorrectiveAction',
  'RequalifySupplier',
  'AttachEvidence',
  'RetractEvidence',
] as const satisfies readonly SupplierCommandType[];
export type SupplierUpdateType = (typeof supplierUpdateTypes)[number];

/** A supplier disqualified before its state was a union may hold the due date its grade band named: none falls due now. */
const withoutDisqualifiedDue = (state: RegisteredSupplier): RegisteredSupplier => {
  if (state.status !== 'disqualified' || state.nextEvaluationDue === undefined) return state;
  const { nextEvaluationDue: _stale, ...rest } = state as RegisteredSupplier & { nextEvaluationDue?: string };
  return rest as RegisteredSupplier;
};

/** A supplier: one long-running workflow (its cycle) and one event stream per supplier, named after it. */
export const supplierEntity = defineEntity({
  category: 'supplier',
  workflowType: 'supplierCycle',
  decider: supplierDecider,
  isRegistered: (state: SupplierState): state is RegisteredSupplier => state.status !== 'unregistered',
  upcastState: withoutDisqualifiedDue,
  updateTypes: supplierUpdateTypes,
});

export const supplierWorkflowId = supplierEntity.workflowId;
export const supplierStreamId = supplierEntity.streamId;

/** Sent by a complaint's workflow when its analysis names the supplier as the responsible party. */
export type ComplaintAttribution = Readonly<{ complaintId: string; severity: Severity }>;
export const complaintAttributedSignal = defineSignal<[ComplaintAttribution]>('complaintAttributed');

export interface SupplierActivities {
  /**
   * The records since the supplier's last evaluation, measured as its criteria ask. Only cycles recorded before
   * evaluations were measured at submission call it, when they replay (`supplier-measures-at-submission`).
   */
  collectSupplierPerformance(request: { supplierId: string }): Promise<PerformanceMeasures>;
}
