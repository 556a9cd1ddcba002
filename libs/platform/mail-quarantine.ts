import { appendUnlessRaced, readCategory, type EventStore, type StoredEvent } from '../event-store/index.js';
import { idFromKey } from '../support/stable-id.js';
import type { QuarantineReason } from './inbound-mail.js';

/**
 * A message the product could not take, kept aside in the mailbox's
 * quarantine folder. What is kept here names it without its sender or text,
 * which are a stranger's personal data with no customer key to seal them
 * under: an administrator reads them in the mailbox itself.
 */
export type QuarantinedMail = Readonly<{
  reason: QuarantineReason;
  /** Its Message-ID, when it has one. */
  messageId?: string;
  size: number;
  /** When the mailbox received it. */
  receivedAt?: string;
  /** What refused it, as a code (a problem's key), when the product did. */
  detail?: string;
  at: string;
}>;

/** One stream per message, named after it: a message read twice (a restart mid-poll) is listed once. */
export const quarantineStreamId = (key: string): string => `inbound-${idFromKey('quarantined', key)}`;

export const recordQuarantine = (store: EventStore, key: string, record: QuarantinedMail): Promise<void> =>
  appendUnlessRaced(
    store,
    quarantineStreamId(key),
    [{ id: idFromKey('mail-quarantined', key), type: 'MailQuarantined', data: record, metadata: { actor: 'mailbox' } }],
    'no-stream',
  );

/** Every message quarantined, newest first. */
export const quarantinedMail = async (store: EventStore): Promise<QuarantinedMail[]> => {
  const found: StoredEvent[] = [];
  for await (const event of readCategory(store, 'inbound')) found.push(event);
  return found
    .filter((event) => event.type === 'MailQuarantined')
    .map((event) => event.data as QuarantinedMail)
    .reverse();
};
