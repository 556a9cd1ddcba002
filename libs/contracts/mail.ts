import type { MailOutcome, MailTemplate, Personal } from '../domain/index.js';
import type { Recipient } from './notifications.js';

/** The customer a case is for, as its registration recorded them (name and contact sealed). */
export type MailCustomer = Readonly<{ id?: string; name?: Personal; contact?: Personal }>;

/** An e-mail an event calls for: what the mail activity turns into one message per recipient. */
export type MailNotice = Readonly<{
  /** The event that called for it: with each recipient's address it makes the message's id, so a retry never sends twice. */
  causeId: string;
  template: MailTemplate;
  /** Staff by person or by role (the people directory knows their addresses), or the case's customer. */
  to: Readonly<{ staff: Recipient }> | Readonly<{ customer: MailCustomer }>;
  /** The case or supplier it is about: a message to staff links to it. */
  about: Readonly<{ complaintId: string }> | Readonly<{ supplierId: string }>;
  /** What its sentences say ({{number}}, {{clock}}, {{dueAt}}…), codes as codes: each language says them in its words. */
  values: Readonly<Record<string, string | number | undefined>>;
  /** Values sealed under the customer's key, opened only to write the message (a feedback link). */
  sealed?: Readonly<Record<string, Personal>>;
}>;

/**
 * How often a message is tried (with back-off doubling from a second, up to
 * five minutes apart: about 34 minutes in all) before the case records it as
 * not sent: a mail server down for half an hour loses nothing.
 */
export const mailAttempts = 14;

export interface MailActivities {
  /** Sends the notice's messages not sent before, and answers what to record on the entity. */
  mail(notice: MailNotice): Promise<MailOutcome>;
}

/** Why a message from the mailbox could not be taken: kept in quarantine, listed for administrators in their words. */
export const quarantineReasons = [
  'too-large',
  'unparsable',
  'no-sender',
  'customer-erased',
  'conflicting-message-id',
  'automatic',
  'refused',
  'failing',
] as const;
export type QuarantineReason = (typeof quarantineReasons)[number];
