/** Whom a notification is for: a person, or whoever holds a role. */
export type Recipient = Readonly<{ role: string; person?: string }>;

/** A warning, breach or escalation of a case, as the notify activity sends it on. */
export type ComplaintNotification = Readonly<{
  complaintId: string;
  event: 'SlaWarningIssued' | 'SlaBreached' | 'ComplaintEscalated';
  /** The owner, or the rung of the escalation ladder reached. */
  recipient: Recipient;
  severity: string;
  step?: string;
  clock?: string;
  level?: number;
  dueAt?: string;
  reason: string;
  at: string;
}>;

/** A late evaluation or corrective action of a supplier, as the notify activity sends it on. */
export type SupplierNotification = Readonly<{
  supplierId: string;
  event:
    | 'EvaluationStarted'
    | 'EvaluationReminderSent'
    | 'EvaluationEscalated'
    | 'CorrectiveActionRequested'
    | 'CorrectiveActionOverdue';
  recipient: Recipient;
  /** In English, for logs and hooks that read it; people read the sentence made from the fields below. */
  reason: string;
  at: string;
  /** Absent on notifications sent before they carried their fields: those have only `reason`. */
  evaluationId?: string;
  trigger?: string;
  dueBy?: string;
  actionId?: string;
  description?: string;
  responseDue?: string;
}>;

/**
 * How often a notification's delivery is tried (with back-off, up to five
 * minutes apart) before it is parked as a dead letter: the workflows' retry
 * policy and the activity's last attempt read this one number.
 */
export const notifyAttempts = 10;

export interface NotificationActivities {
  notify(notification: ComplaintNotification | SupplierNotification): Promise<void>;
}
