import { isNotificationEvent } from '../../libs/domain/index.js';

/**
 * A case's events without the records of e-mail sent on its behalf: those
 * follow the events that caused them a moment later, as the mail server
 * answers, so a test of the steps leaves them aside.
 */
export const withoutMailRecords = <E extends { type: string }>(events: readonly E[]): E[] =>
  events.filter((event) => !isNotificationEvent(event as never));
