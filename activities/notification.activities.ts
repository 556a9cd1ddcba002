import { ApplicationFailure } from '@temporalio/activity';
import type { ComplaintNotification, NotificationActivities, SupplierNotification } from '../libs/contracts/index.js';
import { notificationText } from './notification-text.js';

export type NotificationChannel = Readonly<{
  webhookUrl?: string;
  log: (line: string) => void;
  /** The business calendar's zone: the times of the sentences in `text` are shown in it. */
  calendarZone?: string;
}>;

/** How long one delivery attempt may take; Temporal retries a failed attempt. */
const deliveryTimeoutMs = 5_000;

const describe = (n: ComplaintNotification | SupplierNotification): string =>
  'complaintId' in n
    ? `${n.event} complaint ${n.complaintId} for ${n.recipient.person ?? n.recipient.role}${n.level ? ` (level ${n.level})` : ''}${n.clock ? ` [${n.clock}]` : ''}: ${n.reason}`
    : `${n.event} supplier ${n.supplierId} for ${n.recipient.person ?? n.recipient.role}: ${n.reason}`;

/**
 * Tells people a case or a supplier's evaluation is late: one log line always, and a JSON POST to the
 * webhook when one is configured (chat, mail or paging systems take it from there). A case's
 * notification also carries `text`, the sentence to show people in each language (`en`, `zh-CN`).
 */
export const createNotificationActivities = ({
  webhookUrl,
  log,
  calendarZone,
}: NotificationChannel): NotificationActivities => ({
  async notify(notification) {
    log(describe(notification));
    if (!webhookUrl) return;
    const text = notificationText(notification, calendarZone);
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(text ? { ...notification, text } : notification),
      signal: AbortSignal.timeout(deliveryTimeoutMs),
    });
    if (response.status >= 400 && response.status < 500 && response.status !== 429) {
      // The receiver refuses this message; sending it again will not change its mind.
      throw ApplicationFailure.create({
        type: 'notification-refused',
        message: `Webhook answered ${response.status}`,
        nonRetryable: true,
      });
    }
    if (!response.ok) throw new Error(`Webhook answered ${response.status}`);
  },
});
