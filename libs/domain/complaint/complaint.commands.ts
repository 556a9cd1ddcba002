import { assertNever, stampOf, type Command } from '../decider.js';
import { CaseAlreadyRegistered, CaseClosed, CaseNotRegistered, RuleViolated, StepNotCurrent } from '../errors.js';
import type {
  ComplaintDetails,
  ComplaintEvent,
  ComplaintRegistered,
  ComplaintState,
  OpenComplaint,
  PlannedAction,
  ResponsibleParty,
} from './complaint.events.js';
import {
  satisfactionScale,
  type CauseCategory,
  type Channel,
  type ComplaintCategory,
  type ComplaintStep,
  type ReturnStep,
  type Severity,
} from './vocabulary.js';

export type RegisterComplaint = Command<'RegisterComplaint', ComplaintDetails & { complaintId: string }>;

export type CompleteIdentification = Command<
  'CompleteIdentification',
  { owner: string; acknowledgement: string; category?: ComplaintCategory; severity?: Severity; evidence?: string[] }
>;

export type CompleteAnalysis = Command<
  'CompleteAnalysis',
  { rootCause: string; causeCategory: CauseCategory; responsibleParty: ResponsibleParty; containmentAction?: string }
>;

export type CompleteResolution = Command<'CompleteResolution', { summary: string; actions: PlannedAction[] }>;

export type CompleteVerification = Command<
  'CompleteVerification',
  { effective: boolean; notes: string; returnTo?: ReturnStep }
>;

export type CompleteFeedback = Command<
  'CompleteFeedback',
  { satisfied: boolean; satisfactionScore: number; customerResponse: string; contactChannel: Channel }
>;

export type ArchiveComplaint = Command<'ArchiveComplaint', { lessonsLearned: string; customerRecordRef?: string }>;

export type ComplaintCommand =
  | RegisterComplaint
  | CompleteIdentification
  | CompleteAnalysis
  | CompleteResolution
  | CompleteVerification
  | CompleteFeedback
  | ArchiveComplaint;

export type ComplaintCommandType = ComplaintCommand['type'];

/** The command that completes each step of the loop. */
export const stepCommands = {
  identify: 'CompleteIdentification',
  analyse: 'CompleteAnalysis',
  resolve: 'CompleteResolution',
  verify: 'CompleteVerification',
  feedback: 'CompleteFeedback',
  archive: 'ArchiveComplaint',
} as const satisfies Record<ComplaintStep, Exclude<ComplaintCommandType, 'RegisterComplaint'>>;

export const complaintCommandTypes: readonly ComplaintCommandType[] = ['RegisterComplaint', ...Object.values(stepCommands)];

const register = ({ data, metadata }: RegisterComplaint, state: ComplaintState): ComplaintRegistered[] => {
  if (state.status !== 'unregistered') {
    throw new CaseAlreadyRegistered(`Complaint ${data.complaintId} is already registered`, { complaintId: data.complaintId });
  }
  return [{ type: 'ComplaintRegistered', data: { ...data, ...stampOf(metadata) } }];
};

/** The open case, if `step` is the one it is at; otherwise the error that says why not. */
const requireStep = (state: ComplaintState, step: ComplaintStep): OpenComplaint => {
  if (state.status === 'unregistered') throw new CaseNotRegistered('No such complaint');
  if (state.status === 'archived') {
    throw new CaseClosed(`Complaint ${state.id} is archived`, { complaintId: state.id });
  }
  if (state.step !== step) {
    throw new StepNotCurrent(`Complaint ${state.id} is at step '${state.step}', not '${step}'`, {
      complaintId: state.id,
      currentStep: state.step,
      requestedStep: step,
    });
  }
  return state;
};

const identify = ({ data, metadata }: CompleteIdentification, state: ComplaintState): ComplaintEvent[] => {
  const open = requireStep(state, 'identify');
  return [
    {
      type: 'ComplaintIdentified',
      data: {
        owner: data.owner,
        acknowledgement: data.acknowledgement,
        category: data.category ?? open.category,
        severity: data.severity ?? open.severity,
        evidence: data.evidence ?? [],
        ...stampOf(metadata),
      },
    },
  ];
};

const analyse = ({ data, metadata }: CompleteAnalysis, state: ComplaintState): ComplaintEvent[] => {
  requireStep(state, 'analyse');
  return [{ type: 'ComplaintAnalysed', data: { ...data, ...stampOf(metadata) } }];
};

const resolve = ({ data, metadata }: CompleteResolution, state: ComplaintState): ComplaintEvent[] => {
  requireStep(state, 'resolve');
  if (data.actions.length === 0) throw new RuleViolated('A resolution needs at least one action', { field: 'actions' });
  return [{ type: 'ResolutionImplemented', data: { ...data, ...stampOf(metadata) } }];
};

const verify = ({ data, metadata }: CompleteVerification, state: ComplaintState): ComplaintEvent[] => {
  const open = requireStep(state, 'verify');
  const implementer = open.resolution?.by;
  if (implementer === metadata.actor) {
    throw new RuleViolated('Verification must be done by someone other than the implementer of the resolution', {
      implementer,
    });
  }
  const stamp = stampOf(metadata);
  const verified: ComplaintEvent = { type: 'ResolutionVerified', data: { effective: data.effective, notes: data.notes, ...stamp } };
  if (data.effective) return [verified];
  return [
    verified,
    {
      type: 'ComplaintReopened',
      data: { returnTo: data.returnTo ?? 'analyse', reason: data.notes, trigger: 'verification-failed', ...stamp },
    },
  ];
};

const feedback = ({ data, metadata }: CompleteFeedback, state: ComplaintState): ComplaintEvent[] => {
  requireStep(state, 'feedback');
  const { min, max } = satisfactionScale;
  if (!Number.isInteger(data.satisfactionScore) || data.satisfactionScore < min || data.satisfactionScore > max) {
    throw new RuleViolated(`Satisfaction score must be an integer from ${min} to ${max}`, { field: 'satisfactionScore' });
  }
  const stamp = stampOf(metadata);
  const recorded: ComplaintEvent = { type: 'CustomerFeedbackRecorded', data: { ...data, ...stamp } };
  if (data.satisfied) return [recorded];
  return [
    recorded,
    {
      type: 'ComplaintReopened',
      data: { returnTo: 'analyse', reason: data.customerResponse, trigger: 'customer-unsatisfied', ...stamp },
    },
  ];
};

const archive = ({ data, metadata }: ArchiveComplaint, state: ComplaintState): ComplaintEvent[] => {
  requireStep(state, 'archive');
  return [{ type: 'ComplaintArchived', data: { ...data, ...stampOf(metadata) } }];
};

export const decide = (command: ComplaintCommand, state: ComplaintState): ComplaintEvent[] => {
  switch (command.type) {
    case 'RegisterComplaint':
      return register(command, state);
    case 'CompleteIdentification':
      return identify(command, state);
    case 'CompleteAnalysis':
      return analyse(command, state);
    case 'CompleteResolution':
      return resolve(command, state);
    case 'CompleteVerification':
      return verify(command, state);
    case 'CompleteFeedback':
      return feedback(command, state);
    case 'ArchiveComplaint':
      return archive(command, state);
    default:
      return assertNever(command);
  }
};
