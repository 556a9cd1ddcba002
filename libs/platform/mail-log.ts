import type { MailTemplate, MailTransport, Personal } from '../domain/index.js';
import { EventStoreError, type EventStore, type StoredEvent } from '../event-store/index.js';
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

/** Records a message as sent; a second record of the same message (two attempts racing) is no error. */
export const recordMail = async (store: EventStore, record: MailRecord): Promise<void> => {
  try {
    await store.append(
      mailStreamId(record.messageId),
      [{ id: idFromKey('mail-sent', record.messageId), type: 'MailSent', data: record }],
      { expectedRevision: 'no-stream' },
    );
  } catch (error) {
    if (!(error instanceof EventStoreError && error.code === 'revision-conflict')) throw error;
  }
};

/** Every message sent, newest first, from the global order in pages. */
export const mailRecords = async (store: EventStore): Promise<(MailRecord & { recordedAt: string })[]> => {
  const found: StoredEvent[] = [];
  for (let fromPosition = 0; ;) {
    const page = await store.readAll({ fromPosition, maxCount: 1000, filter: { categories: ['mail'] } });
    found.push(...page);
    if (page.length < 1000) break;
    fromPosition = page.at(-1)!.position + 1;
  }
  return found
    .filter((event) => event.type === 'MailSent')
    .map((event) => ({ ...(event.data as MailRecord), recordedAt: event.recordedAt }))
    .reverse();
};
