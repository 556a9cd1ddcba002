import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  notifyAttempts,
  type ComplaintNotification,
  type NotificationActivities,
  type SupplierNotification,
} from '../libs/contracts/index.js';
import type { EventStore } from '../libs/event-store/index.js';
import { delivered, messageIdOf, postWebhook, recordDeadLetter, refused } from '../libs/platform/webhooks.js';
import { notificationText } from './notification-text.js';

export type NotificationChannel = Readonly<{
  webhookUrl?: string;
  /** Standard Webhooks secrets: each signs every message (two during a rotation). */
  webhookSecrets?: readonly string[];
  /** Where a message no attempt delivered is parked, for an administrator to resend. */
  store?: EventStore;
  log: (line: string) => void;
  /** The business calendar's zone: the times of the sentences in `text` are shown in it. */
  calendarZone?: string;
}>;

const describe = (n: ComplaintNotification | SupplierNotification): string =>
  'complaintId' in n
    ? `${n.event} complaint ${n.complaintId} for ${n.recipient.person ?? n.recipient.role}${n.level ? ` (level ${n.level})` : ''}${n.clock ? ` [${n.clock}]` : ''}: ${n.reason}`
    : `${n.event} supplier ${n.supplierId} for ${n.recipient.person ?? n.recipient.role}: ${n.reason}`;

/**
 * Tells people a case or a supplier's evaluation is late: one log line always, and a JSON POST to the
 * webhook when one is configured (chat, mail or paging systems take it from there), signed per
 * Standard Webhooks. A case's notification also carries `text`, the sentence to show people in each
 * language (`en`, `zh-CN`). Temporal retries a failed delivery with back-off; one the receiver refuses,
 * or the last attempt's, is parked in the dead letters for an administrator to resend.
 */
export const createNotificationActivities = ({
  webhookUrl,
  webhookSecrets = [],
  store,
  log,
  calendarZone,
}: NotificationChannel): NotificationActivities => ({
  async notify(notification) {
    log(describe(notification));
    if (!webhookUrl) return;
    const text = notificationText(notification, calendarZone);
    const payload = text ? { ...notification, text } : notification;
    // The id from the notification itself, not from its sentences: a deploy that rewords them mid-retry keeps it.
    const message = { id: messageIdOf(notification), payload };
    const answer = await postWebhook(webhookUrl, webhookSecrets, message);
    if (delivered(answer)) return;
    const { attempt } = Context.current().info;
    const said =
      answer.status !== undefined ? `Webhook answered ${answer.status}` : `Webhook unreachable: ${answer.error}`;
    if (refused(answer) || attempt >= notifyAttempts) {
      if (store) {
        const letter = { messageId: message.id, url: webhookUrl, payload, ...answer, attempts: attempt };
        await recordDeadLetter(store, { ...letter, at: new Date().toISOString() }).catch((error: unknown) => {
          // No attempt is left to park it later: the log keeps the whole message, to be sent by hand.
          log(`Could not park the undelivered webhook ${message.id} (${String(error)}): ${JSON.stringify(letter)}`);
        });
      }
      throw ApplicationFailure.create({ type: 'notification-refused', message: said, nonRetryable: true });
    }
    throw new Error(said);
  },
});
