import type {
  ActionKind,
  CauseCategory,
  Channel,
  ComplaintCategory,
  ComplaintEventType,
  ComplaintStep,
  Criticality,
  EvaluationTrigger,
  Outcome,
  Role,
  ScoredCriterion,
  MeasuredCriterion,
  Severity,
  SupplierEvent,
  WithdrawReason,
} from '../domain/index.js';

/**
 * Every word of the domain a person reads, keyed by the codes the domain
 * defines: the API uses it for problem titles, report labels and CSV headers,
 * the web UI for everything it shows. A language is one object of this type,
 * so a code without a label in some language does not compile.
 * Event sentences take i18next's {{placeholders}}: `by` is the actor.
 */
export type Catalogue = Readonly<{
  language: string;
  step: Record<ComplaintStep, string>;
  stepAction: Record<ComplaintStep, string>;
  status: Record<'open' | 'archived' | 'withdrawn', string>;
  severity: Record<Severity, string>;
  channel: Record<Channel, string>;
  category: Record<ComplaintCategory, string>;
  cause: Record<CauseCategory, string>;
  actionKind: Record<ActionKind, string>;
  withdrawReason: Record<WithdrawReason, string>;
  role: Record<Role, string>;
  clock: Record<'acknowledge' | 'case' | 'step', string>;
  complaintEvent: Record<ComplaintEventType, string>;
  supplierEvent: Record<SupplierEvent['type'], string>;
  criterion: Record<ScoredCriterion | MeasuredCriterion, string>;
  criticality: Record<Criticality, string>;
  outcome: Record<Outcome, string>;
  trigger: Record<EvaluationTrigger, string>;
  /** Problem titles by problem code (`urn:qloop:problem:<code>`). */
  problem: Record<ProblemCode, string>;
  reportSection: Record<ReportSection, string>;
  reportColumn: Record<ReportColumn, string>;
}>;

export const problemCodes = [
  'validation',
  'malformed',
  'unauthenticated',
  'not-permitted',
  'not-found',
  'case-not-registered',
  'case-already-registered',
  'step-not-current',
  'case-closed',
  'case-open',
  'revision-conflict',
  'rule-violated',
  'invalid-command',
  'invalid-append',
  'invalid-policy',
  'too-large',
  'unsupported-media-type',
  'rate-limited',
  'unavailable',
  'internal',
] as const;
export type ProblemCode = (typeof problemCodes)[number];

export const reportSections = [
  'slaCompliance',
  'timeInStep',
  'firstPassYield',
  'causePareto',
  'satisfactionByPeriod',
  'satisfactionByCustomer',
  'escalations',
  'gradeDistribution',
  'gradeTrend',
  'scorecards',
] as const;
export type ReportSection = (typeof reportSections)[number];

export const reportColumns = [
  'section',
  'period',
  'severity',
  'cases',
  'closed',
  'met',
  'breached',
  'compliance',
  'step',
  'count',
  'meanMs',
  'medianMs',
  'p90Ms',
  'verified',
  'firstPass',
  'yield',
  'causeCategory',
  'share',
  'cumulativeShare',
  'responses',
  'csi',
  'satisfiedShare',
  'customer',
  'level',
  'trigger',
  'grade',
  'status',
  'evaluations',
  'meanScore',
  'supplierId',
  'name',
  'score',
  'outcome',
  'nextEvaluationDue',
  'openCorrectiveActions',
  'overdueCorrectiveActions',
  'attributedComplaints',
] as const;
export type ReportColumn = (typeof reportColumns)[number];

export const en: Catalogue = {
  language: 'English',
  step: { identify: 'Identify', analyse: 'Analyse', resolve: 'Resolve', verify: 'Verify', feedback: 'Feed back', archive: 'Archive' },
  stepAction: {
    identify: 'Acknowledge, assign an owner and confirm the classification',
    analyse: 'Find the root cause and who is responsible',
    resolve: 'Record the containment, corrective and preventive actions taken',
    verify: 'Check that the actions worked (not by the implementer)',
    feedback: "Tell the customer the result and record their response",
    archive: 'Close the case and file it in the customer record',
  },
  status: { open: 'Open', archived: 'Archived', withdrawn: 'Withdrawn' },
  severity: { low: 'Low', normal: 'Normal', high: 'High', critical: 'Critical' },
  channel: { phone: 'Phone', fax: 'Fax', letter: 'Letter', web: 'Internet', 'face-to-face': 'Face to face', email: 'E-mail', visit: 'Visit' },
  category: {
    'product-quality': 'Product quality',
    delivery: 'Delivery',
    service: 'Service',
    billing: 'Billing',
    documentation: 'Documentation',
    safety: 'Safety',
    other: 'Other',
  },
  cause: { man: 'Man', machine: 'Machine', material: 'Material', method: 'Method', measurement: 'Measurement', environment: 'Environment' },
  actionKind: { containment: 'Containment', corrective: 'Corrective action', preventive: 'Preventive action' },
  withdrawReason: { invalid: 'Not a complaint', duplicate: 'Duplicate' },
  role: { owner: 'Complaint owner', supervisor: 'Supervisor', 'quality-engineer': 'Supplier quality engineer', auditor: 'Process auditor', admin: 'Administrator' },
  clock: { acknowledge: 'Acknowledge', case: 'Whole case', step: 'Current step' },
  complaintEvent: {
    ComplaintRegistered: '{{by}} registered the complaint',
    ComplaintIdentified: '{{by}} acknowledged the complaint and assigned it to {{owner}}',
    ComplaintAnalysed: '{{by}} found the root cause ({{cause}})',
    ResolutionImplemented: '{{by}} implemented {{count}} action(s)',
    ResolutionVerified: '{{by}} verified the resolution: {{verdict}}',
    ComplaintReopened: '{{by}} reopened the case at {{step}}',
    CustomerFeedbackRecorded: "{{by}} recorded the customer's response (satisfaction {{score}}/5)",
    ComplaintArchived: '{{by}} archived the case',
    SeverityChanged: '{{by}} changed the severity from {{from}} to {{to}}',
    ComplaintReassigned: '{{by}} reassigned the case to {{to}}',
    CommentAdded: '{{by}} commented',
    CustomerWaitStarted: '{{by}} started waiting on the customer',
    CustomerWaitEnded: '{{by}} stopped waiting on the customer',
    SlaWarningIssued: 'The {{clock}} clock is nearing its target',
    SlaBreached: 'The {{clock}} clock passed its target',
    ComplaintEscalated: 'The case was escalated to level {{level}} ({{role}})',
    ComplaintWithdrawn: '{{by}} withdrew the case',
  },
  supplierEvent: {
    SupplierRegistered: '{{by}} registered the supplier',
    PerformanceRecorded: '{{by}} recorded performance data',
    ComplaintAttributed: 'A complaint was attributed to the supplier',
    EvaluationStarted: 'A re-evaluation started',
    EvaluationReminderSent: 'A reminder to score the evaluation was sent',
    EvaluationEscalated: 'The overdue evaluation was escalated',
    SupplierEvaluated: '{{by}} evaluated the supplier',
    CorrectiveActionRequested: 'A corrective action was requested',
    CorrectiveActionResponded: '{{by}} answered a corrective action request',
    CorrectiveActionOverdue: 'A corrective action answer is overdue',
    SupplierRequalified: '{{by}} requalified the supplier',
  },
  criterion: {
    'quality-awareness': 'Quality awareness',
    'technical-capability': 'Technical capability',
    reproducibility: 'Reproducibility of production',
    'problem-solving': 'Problem-solving capability',
    'system-stability': 'System stability',
    'rejection-rate': 'Rejection rate',
    'on-time-delivery': 'On-time delivery',
    'attributed-complaints': 'Attributed complaints',
    'corrective-action-responsiveness': 'Corrective action responsiveness',
  },
  criticality: { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' },
  outcome: { approved: 'Approved', 'approved-with-conditions': 'Approved with conditions', probation: 'Probation', disqualified: 'Disqualified' },
  trigger: { scheduled: 'Scheduled', 'attributed-complaints': 'Attributed complaints', 'critical-complaint': 'Critical complaint', manual: 'By hand', requalification: 'Requalification' },
  problem: {
    validation: 'Invalid request',
    malformed: 'Malformed request',
    unauthenticated: 'Unauthenticated',
    'not-permitted': 'Not permitted',
    'not-found': 'Not found',
    'case-not-registered': 'Not found',
    'case-already-registered': 'Already registered',
    'step-not-current': 'Not the current step',
    'case-closed': 'Case closed',
    'case-open': 'Case open',
    'revision-conflict': 'Revision conflict',
    'rule-violated': 'Refused by a business rule',
    'invalid-command': 'Invalid command',
    'invalid-append': 'Refused by the event store',
    'invalid-policy': 'Invalid policy',
    'too-large': 'Payload too large',
    'unsupported-media-type': 'Unsupported media type',
    'rate-limited': 'Too many requests',
    unavailable: 'Service unavailable',
    internal: 'Internal error',
  },
  reportSection: {
    slaCompliance: 'SLA compliance',
    timeInStep: 'Time in step',
    firstPassYield: 'First-pass yield',
    causePareto: 'Causes (Pareto)',
    satisfactionByPeriod: 'Customer satisfaction index by period',
    satisfactionByCustomer: 'Customer satisfaction index by customer',
    escalations: 'Escalations',
    gradeDistribution: 'Grade distribution',
    gradeTrend: 'Grades over time',
    scorecards: 'Supplier scorecards',
  },
  reportColumn: {
    section: 'Section',
    period: 'Period',
    severity: 'Severity',
    cases: 'Cases',
    closed: 'Closed',
    met: 'Met',
    breached: 'Breached',
    compliance: 'Compliance',
    step: 'Step',
    count: 'Count',
    meanMs: 'Mean (ms)',
    medianMs: 'Median (ms)',
    p90Ms: '90th percentile (ms)',
    verified: 'Verified',
    firstPass: 'Passed first time',
    yield: 'Yield',
    causeCategory: 'Cause category',
    share: 'Share',
    cumulativeShare: 'Cumulative share',
    responses: 'Responses',
    csi: 'Customer satisfaction index',
    satisfiedShare: 'Satisfied share',
    customer: 'Customer',
    level: 'Level',
    trigger: 'Trigger',
    grade: 'Grade',
    status: 'Status',
    evaluations: 'Evaluations',
    meanScore: 'Mean score',
    supplierId: 'Supplier',
    name: 'Name',
    score: 'Score',
    outcome: 'Outcome',
    nextEvaluationDue: 'Next evaluation due',
    openCorrectiveActions: 'Open corrective actions',
    overdueCorrectiveActions: 'Overdue corrective actions',
    attributedComplaints: 'Attributed complaints',
  },
};
