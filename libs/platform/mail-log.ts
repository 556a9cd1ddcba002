import { causedBy } from '../contracts/causation.js';
import type { MailTemplate, MailTransport, Personal } from '../domain/index.js';
import { appendUnlessRaced, readCategory, type EventStore, type StoredEvent } from '../event-store/index.js';
import { idFromKey } from '../support/stable-id.js';

/** A message as it went: to whom, what it said (sealed under the customer's key when it was to a customer). */
export type MailRecord = Readonly<{
  messageId: string;
  transport: MailTransport;
  template: MailTemplate;
  recipient: string;
  address: Personal;
  language: string;
  subject: Personal;
  text: Personal;
  about: Readonly<{ complaintId: string }> | Readonly<{ supplierId: string }>;
  causeId: string;
  at: string;
}>;

/** Each message has a stream of its own: finding whether it went is one indexed read, and the outbox is their category. */
export const mailStreamId = (messageId: string): string => `mail-${messageId}`;

/** The message sent before under this id, if any: a retried activity finds it and does not send again. */
export const sentMail = async (store: EventStore, messageId: string): Promise<MailRecord | undefined> => {
  const [event] = await store.readStream(mailStreamId(messageId), { maxCount: 1 });
  return event?.data as MailRecord | undefined;
};

/** The workflow run whose mail activity sent the message. */
export type MailSender = Readonly<{ workflowId: string; runId: string }>;

/**
 * Records a message as sent; a second record of the same message (two
 * attempts racing) is no error. Its cause is typed as the entity's events'
 * are: the product's own doing, traced to the mail activity the event named.
 */
export const recordMail = async (store: EventStore, record: MailRecord, sender?: MailSender): Promise<void> => {
  const cause = causedBy.mail(record.causeId);
  await appendUnlessRaced(
    store,
    mailStreamId(record.messageId),
    [
      {
        id: idFromKey('mail-sent', record.messageId),
        type: 'MailSent',
        data: record,
        metadata: {
          cause,
          causationId: cause.id,
          correlationId: cause.id,
          ...(sender && { workflowId: sender.workflowId, runId: sender.runId }),
        },
      },
    ],
    'no-stream',
  );
};

/** Every message sent, newest first, from the global order in pages. */
export const mailRecords = async (store: EventStore): Promise<(MailRecord & { recordedAt: string })[]> => {
  const found: StoredEvent[] = [];
  for await (const event of readCategory(store, 'mail')) found.push(event);
  return found
    .filter((event) => event.type === 'MailSent')
    .map((event) => ({ ...(event.data as MailRecord), recordedAt: event.recordedAt }))
    .reverse();
};
