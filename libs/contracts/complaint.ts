import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import {
  complaintCommandTypes,
  type ArchivedComplaint,
  type CommandPayload,
  type ComplaintCommand,
  type ComplaintCommandType,
  type OpenComplaint,
} from '../domain/index.js';

export const complaintTaskQueue = 'complaints';

/** One workflow and one event stream per case, named after it. */
export const complaintWorkflowId = (complaintId: string): string => `complaint-${complaintId}`;
export const complaintStreamId = (complaintId: string): string => `complaint-${complaintId}`;

export const complaintWorkflowType = 'complaintCase';

export type ComplaintRequest = Readonly<{
  command: CommandPayload<ComplaintCommand>;
  /** Who asks: the authenticated subject, never a field of a request body. */
  actor: string;
  /** The revision the caller last saw; a stale one is refused with `revision-conflict`. */
  expectedRevision?: number;
}>;

/** A case and the revision of the last event folded into it. */
export type ComplaintSnapshot = Readonly<{ state: OpenComplaint | ArchivedComplaint; revision: number }>;

export type ComplaintCaseInput = Readonly<{ complaintId: string }>;

/** One Update per command, named after it, so each step shows by name in the workflow's history. */
export const complaintUpdates = Object.fromEntries(
  complaintCommandTypes.map((type) => [type, defineUpdate<ComplaintSnapshot, [ComplaintRequest], typeof type>(type)]),
) as { readonly [T in ComplaintCommandType]: UpdateDefinition<ComplaintSnapshot, [ComplaintRequest], T> };

export const complaintSnapshotQuery = defineQuery<ComplaintSnapshot | null>('snapshot');
