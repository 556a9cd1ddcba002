import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { canonicalJson, type EventStore, type StoredEvent } from '../event-store/index.js';
import { idFromKey } from '../support/stable-id.js';

/** How long one delivery may take before it counts as failed. */
const deliveryTimeoutMs = 5_000;

/**
 * A message's id, from what it says: the same notification is one message
 * however often its activity is retried or an admin resends it, so a
 * receiver that keeps the ids it saw takes it once (Standard Webhooks'
 * `webhook-id`).
 */
export const messageIdOf = (payload: unknown): string =>
  `msg_${createHash('sha256').update(canonicalJson(payload)).digest('base64url').slice(0, 32)}`;

/**
 * The headers of Standard Webhooks: the id, the time, and a signature by
 * each secret (two during a rotation, space-separated), so a receiver that
 * holds either verifies. No secret: no signature.
 */
export const webhookHeaders = (
  secrets: readonly string[],
  id: string,
  body: string,
  at = new Date(),
): Record<string, string> => ({
  'webhook-id': id,
  'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
  ...(secrets.length > 0
    ? { 'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' ') }
    : {}),
});

export type WebhookAnswer = Readonly<{ status?: number; error?: string }>;

/** POSTs the message once: what the receiver answered, or why nothing was answered. */
export const postWebhook = async (
  url: string,
  secrets: readonly string[],
  message: Readonly<{ id: string; payload: unknown }>,
): Promise<WebhookAnswer> => {
  const body = JSON.stringify(message.payload);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...webhookHeaders(secrets, message.id, body) },
      body,
      // A redirect is an answer, not a delivery: followed, a 302 would turn the POST into an empty GET that "succeeds",
      // and a 307 would carry the signed message wherever the Location names.
      redirect: 'manual',
      signal: AbortSignal.timeout(deliveryTimeoutMs),
    });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    // fetch says only "fetch failed": the cause says why (ECONNREFUSED, ENOTFOUND, a timeout).
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const said = error instanceof Error ? error.message : String(error);
    return { error: cause ? `${said}: ${cause.code ?? cause.message ?? String(cause)}` : said };
  }
};

export const delivered = ({ status }: WebhookAnswer): boolean => status !== undefined && status >= 200 && status < 300;

/**
 * The receiver refuses this message, or sends it elsewhere: sending it again
 * will not change its mind (a 408 or 429 asks for later).
 */
export const refused = ({ status }: WebhookAnswer): boolean =>
  status !== undefined && status >= 300 && status < 500 && status !== 408 && status !== 429;

/** The messages no retry delivered, kept in the store as any record is: appended, never rewritten. */
export const deadLetterStreamId = 'webhook-deadletters';

export type DeadLetter = Readonly<{
  messageId: string;
  url: string;
  payload: unknown;
  /** What the last attempt got: the receiver's status, or why none came. */
  status?: number;
  error?: string;
  attempts: number;
  at: string;
}>;

type WebhookResent = Readonly<{ messageId: string; status: number; at: string; by: string }>;

/**
 * Parks a message no attempt delivered. A retried activity parks it once: the
 * event's id comes from the message's, and the store takes an append it has
 * already taken as done.
 */
export const recordDeadLetter = async (store: EventStore, letter: DeadLetter): Promise<void> => {
  await store.append(
    deadLetterStreamId,
    [{ id: idFromKey('webhook-dead-letter', letter.messageId), type: 'WebhookDeadLettered', data: letter }],
    { expectedRevision: 'any' },
  );
};

/** A parked message delivered at last, by an administrator's resend. */
export const recordResent = async (store: EventStore, resent: WebhookResent): Promise<void> => {
  await store.append(
    deadLetterStreamId,
    [{ id: idFromKey('webhook-resent', resent.messageId), type: 'WebhookResent', data: resent }],
    { expectedRevision: 'any' },
  );
};

/** The parked messages not delivered since, newest first. */
export const deadLettersIn = (events: readonly StoredEvent[]): DeadLetter[] => {
  const waiting = new Map<string, DeadLetter>();
  for (const { type, data } of events) {
    if (type === 'WebhookDeadLettered') waiting.set((data as DeadLetter).messageId, data as DeadLetter);
    else if (type === 'WebhookResent') waiting.delete((data as WebhookResent).messageId);
  }
  return [...waiting.values()].reverse();
};

export const deadLetters = async (store: EventStore): Promise<DeadLetter[]> =>
  deadLettersIn(await store.readStream(deadLetterStreamId));
