import { stampOf, type Command, type Event, type Stamp } from './decider.js';
import type { Personal } from './personal.js';

/** What a message says, one template each, written in every language people read. */
export const mailTemplates = [
  'assigned',
  'sla-warning',
  'sla-breached',
  'escalated',
  'corrective-action-overdue',
  'acknowledgement',
  'feedback-link',
  'closed',
] as const;
export type MailTemplate = (typeof mailTemplates)[number];

/** How a message left: through the SMTP server, or into the outbox an administrator reads (no SMTP_URL). */
export type MailTransport = 'smtp' | 'outbox';

/** One message sent on the entity's behalf. */
export type NotificationSentData = Readonly<{
  /** From the event that caused it and the recipient: a retry finds the message already sent. */
  messageId: string;
  channel: 'email';
  template: MailTemplate;
  /** A member of staff's id, or `customer`. */
  recipient: string;
  /** A customer's address is personal data, sealed under their key. */
  address: Personal;
  language: string;
  transport: MailTransport;
  /** The id of the event that called for it. */
  causeId: string;
}>;

/** A message no attempt could send (the server refused the address, or every retry failed). */
export type NotificationFailedData = Readonly<{
  channel: 'email';
  template: MailTemplate;
  recipient: string;
  reason: string;
  causeId: string;
}>;

export type NotificationSent = Event<'NotificationSent', Stamp & NotificationSentData>;
export type NotificationFailed = Event<'NotificationFailed', Stamp & NotificationFailedData>;
export type NotificationEvent = NotificationSent | NotificationFailed;

/** A record that a message went (or could not): it tells nothing new of the entity, so a person's view of it is still current. */
export const isNotificationEvent = (event: Event): event is NotificationEvent =>
  event.type === 'NotificationSent' || event.type === 'NotificationFailed';

/** What the mail activity reports back, for the entity's workflow to record. */
export type MailOutcome = Readonly<{
  sent: readonly NotificationSentData[];
  failed: readonly NotificationFailedData[];
}>;

/** Only an entity's own workflow sends it, after its mail activity ends: never the API. */
export type RecordNotifications = Command<'RecordNotifications', MailOutcome>;

/** The system's own actor, for what the mail activity reports. */
export const notifierActor = 'system:notify';

/** The record of each message, in the order reported; nothing when nothing was sent or tried. */
export const recordNotifications = ({ data, metadata }: RecordNotifications): NotificationEvent[] => {
  const stamp = stampOf(metadata);
  return [
    ...(data.sent ?? []).map((sent): NotificationSent => ({ type: 'NotificationSent', data: { ...sent, ...stamp } })),
    ...(data.failed ?? []).map((failed): NotificationFailed => ({
      type: 'NotificationFailed',
      data: { ...failed, ...stamp },
    })),
  ];
};
