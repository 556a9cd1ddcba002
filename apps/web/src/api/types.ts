import type { ComplaintAction, GlobalAction, SupplierAction } from '../../../../libs/domain/index.js';
export type {
  AuditReport,
  CaseListItem,
  Listing,
  ScorecardRow,
  TimelineEntry,
} from '../../../../libs/contracts/read-views.js';
import type { components } from './schema.js';

/** Request bodies, as the API's OpenAPI document states them (generated at build: they cannot drift). */
type Schemas = components['schemas'];
export type RegisterComplaintBody = Schemas['RegisterComplaintDto'];
export type IdentifyBody = Schemas['IdentifyStepDto'];
export type AnalyseBody = Schemas['AnalyseStepDto'];
export type ResolveBody = Schemas['ResolveStepDto'];
export type VerifyBody = Schemas['VerifyStepDto'];
export type FeedbackBody = Schemas['FeedbackStepDto'];
export type ArchiveBody = Schemas['ArchiveStepDto'];
export type CommentBody = Schemas['CommentDto'];
export type AssignBody = Schemas['AssignDto'];
export type EscalateBody = Schemas['EscalateDto'];
export type WithdrawBody = Schemas['WithdrawDto'];
export type ReopenBody = Schemas['ReopenDto'];
export type SeverityBody = Schemas['SeverityDto'];
export type CustomerWaitBody = Schemas['CustomerWaitDto'];

import type { ComplaintView as SealedComplaintView } from '../../../../libs/contracts/read-views.js';
import type { Opened } from '../../../../libs/domain/personal.js';
/** A case as the API answers it: its customer's personal values opened. */
export type ComplaintView = Opened<SealedComplaintView>;

/** Who signed in, and what they may do outside any case or supplier (absent from a session stored before it was sent). */
export type Me = Readonly<Omit<Schemas['MeDto'], 'allowedActions'> & Partial<Pick<Schemas['MeDto'], 'allowedActions'>>>;
export type { ComplaintAction, GlobalAction, SupplierAction };

export type { SignInConfig } from '../../../../libs/contracts/read-views.js';

export type { SupplierView } from '../../../../libs/contracts/read-views.js';
export type RegisterSupplierBody = Schemas['RegisterSupplierDto'];
export type ScoresBody = Schemas['ScoresDto'];
