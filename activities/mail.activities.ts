import { Context } from '@temporalio/activity';
import {
  customerEntity,
  mailAttempts,
  type MailActivities,
  type MailCustomer,
  type MailNotice,
} from '../libs/contracts/index.js';
import { upcastEvent } from '../libs/contracts/upcasting.js';
import {
  customerDecider,
  erasedMark,
  fold,
  isSealed,
  type CustomerEvent,
  type MailOutcome,
  type NotificationSentData,
  type Personal,
} from '../libs/domain/index.js';
import type { EventStore } from '../libs/event-store/index.js';
import type { Locale } from '../libs/i18n/index.js';
import { recordMail, sentMail, type MailRecord } from '../libs/platform/mail-log.js';
import { MailRefused, type MailTransport } from '../libs/platform/mail-transport.js';
import { isEmailAddress, peopleFor, type Person } from '../libs/platform/people.js';
import { profiledPeople, staffOf } from '../libs/platform/staff-directory.js';
import type { PersonalData } from '../libs/platform/personal-data.js';
import { idFromKey } from '../libs/support/stable-id.js';
import { mailText } from './mail-text.js';

/** The customers' keys as the mail activity uses them: to open a contact, and to seal what is kept of a message to them. */
export type MailKeys = Pick<PersonalData, 'open' | 'seal'>;

/** Without the keys (a test worker whose cases name no contact): sealed contacts stay shut, so none is written to. */
export const mailWithoutKeys: MailKeys = {
  open: async (value) => value,
  seal: async () => {
    throw new Error('No data keys here to seal with');
  },
};

export type MailChannel = Readonly<{
  transport: MailTransport;
  people: readonly Person[];
  store: EventStore;
  personal: MailKeys;
  /** Where staff reach the product (PUBLIC_URL): messages to them link to the case. */
  publicUrl?: string;
  calendarZone?: string;
  log: (line: string) => void;
}>;

/** Whom one message goes to; `sealUnder`: the customer, a person, whose key seals what is kept of it. */
type Addressee = Readonly<{ recipient: string; name?: string; address: string; language: Locale; sealUnder?: string }>;

/** Those who carry no language are written to in Chinese, the product's first language. */
const defaultLanguage: Locale = 'zh-CN';

/** The customer a sealed value's key belongs to (`customer:<id>`), if it is sealed. */
const customerOfKey = (value: Personal | undefined): string | undefined =>
  isSealed(value) && value.key.startsWith('customer:') ? value.key.slice('customer:'.length) : undefined;

/** What the server said, without what it echoed of the address: the code is enough to act on, and is not personal. */
const reasonOf = (error: unknown): string => {
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
  const said = [
    typeof code === 'string' ? code : undefined,
    typeof responseCode === 'number' ? `SMTP ${responseCode}` : undefined,
  ];
  return said.filter(Boolean).join(' ') || (error instanceof Error ? error.name : 'unknown');
};

/** A link as the record may show it: its last path segment (a token) hidden. */
const withoutToken = (link: string): string => link.replace(/[^/]+$/, '…');

/** How many merges are followed to the customer that goes on: a longer chain is a loop. */
const maxMergeHops = 10;

/**
 * Sends e-mail an event calls for, once: each message's id comes from the
 * event and the address, and the mail log (one stream per message) says
 * whether it went already, so a retried attempt never sends it twice. A
 * customer is written to at their contact's address in their language; a
 * customer erased, or without an address, is not written to. Staff are found
 * in the people directory.
 */
export const createMailActivities = ({
  transport,
  people,
  store,
  personal,
  publicUrl,
  calendarZone,
  log,
}: MailChannel): MailActivities => {
  const customerFound = async (id: string) => {
    for (let hop = 0, next: string | undefined = id; next && hop <= maxMergeHops; hop++) {
      const events = await store.readStream(customerEntity.streamId(next));
      const state = fold(customerDecider, events.map((event) => upcastEvent(event)) as CustomerEvent[]);
      if (state.status !== 'merged') return state.status === 'unregistered' ? undefined : state;
      next = state.mergedInto;
    }
    return undefined;
  };

  /** The customer's first contact with an address, else the contact the complaint recorded if it is one. */
  const customerAddressee = async ({ id, name, contact }: MailCustomer): Promise<Addressee | undefined> => {
    const customer = id ? await customerFound(id) : undefined;
    if (customer?.erased) return undefined;
    // The customer on record, else the one whose key sealed the contact typed on the complaint.
    const keyOwner = customer?.id ?? customerOfKey(contact) ?? customerOfKey(name);
    const opened = await personal.open({
      contacts: customer?.contacts ?? [],
      name: customer?.name ?? name,
      contact,
    });
    // Opened: every sealed value is its text now, or the erased mark.
    const text = (value: Personal | undefined) => (typeof value === 'string' ? value.trim() : undefined);
    const reachable = opened.contacts.find(({ email }) => isEmailAddress(text(email) ?? ''));
    const address = text(reachable?.email) ?? text(opened.contact);
    if (!address || !isEmailAddress(address)) return undefined;
    const named = text(reachable ? reachable.name : opened.name);
    const greeted = named && named !== erasedMark ? named : undefined;
    return {
      recipient: 'customer',
      ...(greeted ? { name: greeted } : {}),
      address,
      language: reachable?.language ?? defaultLanguage,
      // A contact's address is personal data whoever the customer is, and goes with their erasure.
      ...(keyOwner ? { sealUnder: keyOwner } : {}),
    };
  };

  const addressees = async (notice: MailNotice): Promise<Addressee[]> => {
    if ('customer' in notice.to) {
      const customer = await customerAddressee(notice.to.customer);
      return customer ? [customer] : [];
    }
    // Those the identity provider told of (at their sign-in) are reached too, the people file first.
    return peopleFor(staffOf(people, await profiledPeople(store)), notice.to.staff)
      .filter((person): person is Person & { email: string } => person.email !== undefined)
      .map((person) => ({
        recipient: person.id,
        name: person.name,
        address: person.email,
        language: person.language ?? defaultLanguage,
      }));
  };

  /** The customer's page to answer on, opened from its sealed form: none once they are erased. */
  const answerLinkOf = async (notice: MailNotice): Promise<string | undefined> => {
    const link = notice.sealed?.link && (await personal.open(notice.sealed.link));
    return typeof link === 'string' && /^https?:\/\//.test(link) ? link : undefined;
  };

  const linkOf = async (notice: MailNotice, to: Addressee): Promise<string | undefined> => {
    if (notice.template === 'feedback-link') return answerLinkOf(notice);
    if (!publicUrl || to.recipient === 'customer') return undefined;
    return 'complaintId' in notice.about
      ? `${publicUrl}/complaints/${encodeURIComponent(notice.about.complaintId)}`
      : `${publicUrl}/suppliers/${encodeURIComponent(notice.about.supplierId)}`;
  };

  /** What is kept of a message to a person who is a customer is sealed under their key: their erasure erases it. */
  const kept = async (to: Addressee, text: string): Promise<Personal> =>
    to.sealUnder ? personal.seal(to.sealUnder, text) : text;

  const sendOne = async (notice: MailNotice, to: Addressee): Promise<NotificationSentData> => {
    const messageId = idFromKey('mail', `${notice.causeId}:${to.recipient}:${to.address.toLowerCase()}`);
    const record = (sent: MailRecord): NotificationSentData => ({
      messageId,
      channel: 'email',
      template: notice.template,
      recipient: to.recipient,
      address: sent.address,
      language: sent.language,
      transport: sent.transport,
      causeId: notice.causeId,
    });
    const before = await sentMail(store, messageId);
    if (before) return record(before);
    const link = await linkOf(notice, to);
    const text = mailText({
      template: notice.template,
      language: to.language,
      values: notice.values,
      name: to.name,
      link,
      calendarZone,
    });
    await transport.send({ messageId, to: to.address, language: to.language, ...text });
    const sent: MailRecord = {
      messageId,
      transport: transport.kind,
      template: notice.template,
      recipient: to.recipient,
      address: await kept(to, to.address),
      language: to.language,
      subject: await kept(to, text.subject),
      // A feedback link answers for the customer: what is kept of the message shows where it led, never its token.
      text: await kept(to, notice.sealed?.link && link ? text.text.replaceAll(link, withoutToken(link)) : text.text),
      about: notice.about,
      causeId: notice.causeId,
      at: new Date().toISOString(),
    };
    await recordMail(store, sent, Context.current().info.workflowExecution);
    log(`E-mail ${notice.template} ${messageId} to ${to.recipient} (${transport.kind})`);
    return record(sent);
  };

  return {
    async mail(notice) {
      // A link that cannot be opened (its customer erased) is no message to send.
      const to = notice.sealed?.link && !(await answerLinkOf(notice)) ? [] : await addressees(notice);
      const lastAttempt = Context.current().info.attempt >= mailAttempts;
      const outcome: { sent: NotificationSentData[]; failed: MailOutcome['failed'][number][] } = {
        sent: [],
        failed: [],
      };
      let retry: string | undefined;
      for (const addressee of to) {
        try {
          outcome.sent.push(await sendOne(notice, addressee));
        } catch (error) {
          const reason = reasonOf(error);
          log(`E-mail ${notice.template} to ${addressee.recipient} not sent: ${reason}`);
          // A fault worth retrying is retried, the messages that went finding themselves sent; on the last
          // attempt, or refused for good, it is said on the record, and the others still get theirs.
          if (!(error instanceof MailRefused) && !lastAttempt) {
            retry ??= reason;
            continue;
          }
          outcome.failed.push({
            channel: 'email',
            template: notice.template,
            recipient: addressee.recipient,
            reason,
            causeId: notice.causeId,
          });
        }
      }
      // The error says no more than the code: Temporal keeps it in the history, where an address must not be.
      if (retry) throw new Error(`E-mail not sent (${retry}); trying again`);
      return outcome;
    },
  };
};
