import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import {
  complaintCommandTypes,
  type CommandPayload,
  type ComplaintCommand,
  type ComplaintCommandType,
  type RegisteredComplaint,
} from '../domain/index.js';
import type { SupplierNotification } from './supplier.js';

/** The one task queue of qloop's workflows (named before suppliers joined; kept so running cases stay on it). */
export const taskQueue = 'complaints';

/** One workflow and one event stream per case, named after it. */
export const complaintWorkflowId = (complaintId: string): string => `complaint-${complaintId}`;
export const complaintStreamId = (complaintId: string): string => `complaint-${complaintId}`;

export const complaintWorkflowType = 'complaintCase';

/** A command for an entity's workflow, with who asks. */
export type EntityRequest<P> = Readonly<{
  command: P;
  /** Who asks: the authenticated subject, never a field of a request body. */
  actor: string;
  /** The roles the subject holds, for the rules of the domain that ask for one. */
  roles?: readonly string[];
  /** The subject's teammates (TEAMS_PATH): owners may work each other's cases. */
  team?: readonly string[];
  /** The revision the caller last saw; a stale one is refused with `revision-conflict`. */
  expectedRevision?: number;
  /** The API request that asked (its X-Request-Id): recorded as every resulting event's correlationId. */
  correlationId?: string;
}>;

export type ComplaintRequest = EntityRequest<CommandPayload<ComplaintCommand>>;

/** A case and the revision of the last event folded into it. */
export type ComplaintSnapshot = Readonly<{ state: RegisteredComplaint; revision: number }>;

export type ComplaintCaseInput = Readonly<{
  complaintId: string;
  /** A closed case started again (to reopen it): the run reads the case from the store first. */
  restore?: boolean;
  /** The case as the previous run left it, after continue-as-new. */
  carried?: ComplaintSnapshot;
  /** Continue as new once the history is this long (Temporal's own suggestion applies too); tests set it low. */
  maxHistoryLength?: number;
}>;

/** A warning, breach or escalation, as the notify activity sends it on. */
export type ComplaintNotification = Readonly<{
  complaintId: string;
  event: 'SlaWarningIssued' | 'SlaBreached' | 'ComplaintEscalated';
  /** Whom it is for: the owner, or the rung of the escalation ladder reached. */
  recipient: Readonly<{ role: string; person?: string }>;
  severity: string;
  step?: string;
  clock?: string;
  level?: number;
  dueAt?: string;
  reason: string;
  at: string;
}>;

export interface NotificationActivities {
  notify(notification: ComplaintNotification | SupplierNotification): Promise<void>;
}

/** One Update per command, named after it, so each step shows by name in the workflow's history. */
export const complaintUpdates = Object.fromEntries(
  complaintCommandTypes.map((type) => [type, defineUpdate<ComplaintSnapshot, [ComplaintRequest], typeof type>(type)]),
) as { readonly [T in ComplaintCommandType]: UpdateDefinition<ComplaintSnapshot, [ComplaintRequest], T> };

export const complaintSnapshotQuery = defineQuery<ComplaintSnapshot | null>('snapshot');
