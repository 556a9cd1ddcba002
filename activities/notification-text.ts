import type { ComplaintNotification, SupplierNotification } from '../libs/contracts/index.js';
import { catalogues, locales, readerTimeZone, say, type Locale } from '../libs/i18n/index.js';

export type NotificationText = Readonly<Record<Locale, string>>;

/**
 * A case's notification as a sentence in each language, from its structured
 * fields (never from its English `reason`): what happened, the clock in
 * words, the due time in the reader's local time (the business calendar's
 * zone, else UTC for English and China's for Chinese). Made here, at the
 * edge, so the workflow computes what it always did and its histories replay.
 * A supplier's notifications carry only their English reason; they have none.
 */
export const notificationText = (
  notification: ComplaintNotification | SupplierNotification,
  calendarZone?: string,
): NotificationText | undefined => {
  if (!('complaintId' in notification)) return undefined;
  const { event, complaintId, clock, dueAt, level, recipient } = notification;
  const key = event === 'ComplaintEscalated' && clock && dueAt ? 'escalatedBySla' : event;
  return Object.fromEntries(
    locales.map((locale) => {
      const catalogue = catalogues[locale];
      const timeZone = readerTimeZone(catalogue, calendarZone);
      return [
        locale,
        say(
          catalogue,
          catalogue.notification[key],
          { complaintId, clock, dueAt, level, role: recipient.role },
          { timeZone },
        ),
      ];
    }),
  ) as NotificationText;
};
