/**
 * The words of complaint handling, from the domain brief. Each list is the
 * single source for validation, OpenAPI enums and reports.
 */
export const complaintSteps = ['identify', 'analyse', 'resolve', 'verify', 'feedback', 'archive'] as const;
export type ComplaintStep = (typeof complaintSteps)[number];

/** Channels named in the sources: phone, fax, letter, internet, face to face, e-mail, visit. */
export const channels = ['phone', 'fax', 'letter', 'web', 'face-to-face', 'email', 'visit'] as const;
export type Channel = (typeof channels)[number];

export const severities = ['low', 'normal', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];

export const complaintCategories = [
  'product-quality',
  'delivery',
  'service',
  'billing',
  'documentation',
  'safety',
  'other',
] as const;
export type ComplaintCategory = (typeof complaintCategories)[number];

/** The 5M1E cause categories (man, machine, material, method, measurement, environment). */
export const causeCategories = ['man', 'machine', 'material', 'method', 'measurement', 'environment'] as const;
export type CauseCategory = (typeof causeCategories)[number];

export const actionKinds = ['containment', 'corrective', 'preventive'] as const;
export type ActionKind = (typeof actionKinds)[number];

/** Where a failed verification sends the case back to. */
export const returnSteps = ['analyse', 'resolve'] as const;
export type ReturnStep = (typeof returnSteps)[number];

export const satisfactionScale = { min: 1, max: 5 } as const;

/** Why a case is withdrawn rather than handled: it was not a complaint, or another case already covers it. */
export const withdrawReasons = ['invalid', 'duplicate'] as const;
export type WithdrawReason = (typeof withdrawReasons)[number];

/** The steps in which containment is recorded: before the cause is known, while the customer needs protecting now. */
export const containmentSteps: readonly ComplaintStep[] = ['identify', 'analyse'];
