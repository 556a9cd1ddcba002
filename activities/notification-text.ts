import type { ComplaintNotification, SupplierNotification } from '../libs/contracts/index.js';
import {
  catalogues,
  locales,
  readerTimeZone,
  say,
  type Locale,
  type NotificationKey,
  type SentenceValues,
} from '../libs/i18n/index.js';

export type NotificationText = Readonly<Record<Locale, string>>;

/**
 * A case's notification as a sentence in each language, from its structured
 * fields (never from its English `reason`): what happened, the clock in
 * words, the due time in the reader's local time (the business calendar's
 * zone, else UTC for English and China's for Chinese). Made here, at the
 * edge, so the workflow computes what it always did and its histories replay.
 * A supplier's notification sent before it carried its fields has only its
 * English reason, and no sentence.
 */
export const notificationText = (
  notification: ComplaintNotification | SupplierNotification,
  calendarZone?: string,
): NotificationText | undefined => {
  const said = (key: NotificationKey, values: SentenceValues): NotificationText =>
    Object.fromEntries(
      locales.map((locale) => {
        const catalogue = catalogues[locale];
        const timeZone = readerTimeZone(catalogue, calendarZone);
        return [locale, say(catalogue, catalogue.notification[key], values, { timeZone })];
      }),
    ) as NotificationText;
  if ('complaintId' in notification) {
    const { event, complaintId, clock, dueAt, level, recipient } = notification;
    const key = event === 'ComplaintEscalated' && clock && dueAt ? 'escalatedBySla' : event;
    return said(key, { complaintId, clock, dueAt, level, role: recipient.role });
  }
  const { event, evaluationId, actionId, reason: _english, recipient: _recipient, at: _at, ...fields } = notification;
  if (evaluationId === undefined && actionId === undefined) return undefined;
  return said(event, { ...fields, evaluationId, actionId });
};
