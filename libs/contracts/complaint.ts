import {
  complaintDecider,
  type CommandPayload,
  type ComplaintCommand,
  type ComplaintCommandType,
  type ComplaintState,
  type RegisteredComplaint,
} from '../domain/index.js';
import { defineEntity } from './entity.js';
import type { EntityRequest, EntitySnapshot } from './entity-request.js';

/** The one task queue of qloop's workflows (named before suppliers joined; kept so running cases stay on it). */
export const taskQueue = 'complaints';

/** One stream a year whose revision n holds case number n + 1: the store's expected revision keeps it gap-free. */
export const caseNumberStreamId = (year: number): string => `casenumbers-${year}`;
export const caseNumberAssigned = 'CaseNumberAssigned';
export type CaseNumberAssigned = Readonly<{ number: string; complaintId: string }>;

export type ComplaintRequest = EntityRequest<CommandPayload<ComplaintCommand>>;

/** A case and the revision of the last event folded into it. */
export type ComplaintSnapshot = EntitySnapshot<RegisteredComplaint>;

export type ComplaintCaseInput = Readonly<{
  complaintId: string;
  /** A closed case started again (to reopen it): the run reads the case from the store first. */
  restore?: boolean;
  /** The case as the previous run left it, after continue-as-new. */
  carried?: ComplaintSnapshot;
  /** Continue as new once the history is this long (Temporal's own suggestion applies too); tests set it low. */
  maxHistoryLength?: number;
}>;

/** What people ask of a case, one Update each, named after the command; the case's own timer asks `CheckSlaClocks`. */
export const complaintUpdateTypes = [
  'RegisterComplaint',
  'CompleteIdentification',
  'CompleteAnalysis',
  'CompleteResolution',
  'CompleteVerification',
  'CompleteFeedback',
  'ArchiveComplaint',
  'ChangeSeverity',
  'ReassignComplaint',
  'AddComment',
  'StartWaitingOnCustomer',
  'StopWaitingOnCustomer',
  'RecordContainment',
  'AttachEvidence',
  'RetractEvidence',
  'PurgeEvidence',
  'EscalateComplaint',
  'DeescalateComplaint',
  'WithdrawComplaint',
  'ReopenComplaint',
  'IssueFeedbackLink',
  'OpenFeedbackLink',
  'AnswerFeedbackLink',
  'RecordCustomerMessage',
] as const satisfies readonly ComplaintCommandType[];
export type ComplaintUpdateType = (typeof complaintUpdateTypes)[number];

/** A case kept before it counted its notes held them as a list: the count is all a case keeps now. */
const countedComments = (state: RegisteredComplaint): RegisteredComplaint => {
  const { comments, ...rest } = state as RegisteredComplaint & { comments?: readonly unknown[] };
  return comments === undefined ? state : ({ ...rest, commentCount: comments.length } as RegisteredComplaint);
};

/** A complaint case: one workflow and one event stream per case, named after it. */
export const complaintEntity = defineEntity({
  category: 'complaint',
  workflowType: 'complaintCase',
  decider: complaintDecider,
  isRegistered: (state: ComplaintState): state is RegisteredComplaint => state.status !== 'unregistered',
  upcastState: countedComments,
  updateTypes: complaintUpdateTypes,
});

export const complaintWorkflowId = complaintEntity.workflowId;
export const complaintStreamId = complaintEntity.streamId;
