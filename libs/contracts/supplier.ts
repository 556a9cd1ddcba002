import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  CommandPayload,
  PerformanceMeasures,
  RegisteredSupplier,
  Severity,
  SupplierCommand,
  SupplierCommandType,
} from '../domain/index.js';
import type { EntityRequest, EntitySnapshot } from './entity-request.js';

/** One long-running workflow and one event stream per supplier, named after it. */
export const supplierWorkflowId = (supplierId: string): string => `supplier-${supplierId}`;
export const supplierStreamId = (supplierId: string): string => `supplier-${supplierId}`;
export const supplierWorkflowType = 'supplierCycle';

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
  'StartEvaluation',
  'SubmitScores',
  'RespondToCorrectiveAction',
  'RequalifySupplier',
] as const satisfies readonly SupplierCommandType[];
export type SupplierUpdateType = (typeof supplierUpdateTypes)[number];

export const supplierUpdates = Object.fromEntries(
  supplierUpdateTypes.map((type) => [type, defineUpdate<SupplierSnapshot, [SupplierRequest], typeof type>(type)]),
) as { readonly [T in SupplierUpdateType]: UpdateDefinition<SupplierSnapshot, [SupplierRequest], T> };

export const supplierSnapshotQuery = defineQuery<SupplierSnapshot | null>('snapshot');

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
