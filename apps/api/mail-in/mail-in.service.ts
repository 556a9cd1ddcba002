import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { ComplaintView } from '../../../libs/contracts/read-views.js';
import type { EventStore } from '../../../libs/event-store/index.js';
import type { AppConfig } from '../../../libs/platform/config.js';
import {
  answeredIds,
  caseNumberInSubject,
  maxInboundBytes,
  maxInboundSubject,
  readInbound,
  storableText,
  Unreadable,
  type InboundMail,
  type QuarantineReason,
} from '../../../libs/platform/inbound-mail.js';
import { sentMail } from '../../../libs/platform/mail-log.js';
import { recordQuarantine } from '../../../libs/platform/mail-quarantine.js';
import {
  openMailbox,
  processedFolder,
  quarantineFolder,
  type Mailbox,
  type WaitingMail,
} from '../../../libs/platform/mailbox.js';
import { APP_CONFIG, EVENT_STORE, PERSONAL_DATA } from '../../../libs/platform/nest/tokens.js';
import type { PersonalData } from '../../../libs/platform/personal-data.js';
import { KeyDestroyed } from '../../../libs/platform/data-keys.js';
import { readableCode } from '../../../libs/support/stable-id.js';
import { caseIdOf } from '../complaints/case-ref.js';
import { COMPLAINT_EVIDENCE } from '../evidence/evidence.controller.js';
import type { EntityEvidence } from '../evidence/evidence.service.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { entityRequest, type Caller } from '../http/request-context.js';
import { Problem, problemSaying } from '../problems/problem.js';
import { toProblem } from '../problems/to-problem.js';

/** Who records what comes in by e-mail: the customer, or someone writing as them. */
export const mailboxActor = 'customer:email';

/** How the last reading of the mailbox went, for the administration page. */
export type MailboxStatus = Readonly<{
  configured: boolean;
  lastPollAt?: string;
  /** Why the last poll could not finish (the server down, a bad password), if it could not. */
  lastError?: string;
  taken: number;
  quarantined: number;
}>;

/** A message mentioning Chinese is answered in Chinese, others in English: its acknowledgement is in their words. */
const languageOf = (mail: InboundMail): 'zh-CN' | 'en' =>
  /[\u3400-\u9fff]/.test(mail.subject + mail.text) ? 'zh-CN' : 'en';

/** How often a message may fail, while others are taken, before it is put aside. */
const maxFailures = 5;

/** The title of a message that says nothing in its subject or first line. */
const noSubject = '(no subject)';

/** Refusals that pass: the message is taken at a later poll. */
const passing: ReadonlySet<string> = new Set(['revision-conflict', 'rate-limited']);

/**
 * A reply quotes what it answers, a feedback link's URL too, whose token
 * answers for the customer: what is kept of it never holds one.
 */
const withoutLinkTokens = (text: string): string => text.replace(/(\/feedback\/)[A-Za-z0-9_-]{43}/g, '$1…');

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Reads complaints from the mailbox at IMAP_URL. A new message registers a
 * complaint (channel e-mail, unassigned, in the inbox), its files as
 * evidence; a reply to one the product sent, or naming a case's number, is
 * recorded on that case, as the customer's own only when it answers our
 * message to them from the address it went to (else marked unverified).
 * Each message is filed once taken: into Processed, or
 * into Quarantine when it cannot be read or is refused, and listed for
 * administrators. A message whose taking failed for a passing reason stays
 * in the inbox for the next poll; its Message-ID names what it registers or
 * records, so read again after a restart it changes nothing twice.
 */
@Injectable()
export class MailInService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MailIn');
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = false;
  private status: MailboxStatus;
  /** The messages that failed, by mailbox and uid: how often, and since when. */
  private readonly failures = new Map<string, { count: number; since: number }>();
  private lastTakenAt = 0;

  constructor(
    private readonly complaints: ComplaintsService,
    private readonly customers: CustomersService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA) private readonly personal: PersonalData,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(COMPLAINT_EVIDENCE) private readonly caseFiles: EntityEvidence<ComplaintView>,
  ) {
    this.status = { configured: config.mailIn !== undefined, taken: 0, quarantined: 0 };
  }

  onApplicationBootstrap(): void {
    const mailIn = this.config.mailIn;
    if (!mailIn) return;
    this.logger.log(`Reading complaints from ${new URL(mailIn.imapUrl).host} every ${mailIn.pollMs / 1000} s`);
    const next = () => {
      if (this.stopped) return;
      this.polling = this.poll().finally(() => {
        if (!this.stopped) this.timer = setTimeout(next, mailIn.pollMs);
      });
    };
    this.timer = setTimeout(next, 0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
  }

  mailboxStatus(): MailboxStatus {
    return this.status;
  }

  /**
   * One reading of the inbox, message by message, oldest first. A message
   * that fails goes on failing alone: the rest are taken, and once others
   * were taken since it first failed (the product works, the message does
   * not), it is quarantined after `maxFailures` tries.
   */
  async poll(): Promise<void> {
    const { mailIn } = this.config;
    if (!mailIn) return;
    let mailbox: Mailbox | undefined;
    let lastError: string | undefined;
    try {
      mailbox = await openMailbox(mailIn.imapUrl);
      for (const waiting of await mailbox.waiting()) {
        if (this.stopped) break;
        try {
          await this.take(mailbox, waiting);
          this.failures.delete(waiting.key);
          this.lastTakenAt = Date.now();
        } catch (error) {
          lastError = this.failed(error);
          await this.quarantineIfFailing(mailbox, waiting, lastError);
        }
      }
    } catch (error) {
      lastError = this.failed(error);
    } finally {
      await mailbox?.close().catch(() => undefined);
    }
    this.status = { ...this.status, lastPollAt: new Date().toISOString(), lastError };
    if (lastError) this.logger.warn(`The mailbox could not be read whole; trying again at the next poll: ${lastError}`);
  }

  private failed(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
  }

  private async quarantineIfFailing(mailbox: Mailbox, waiting: WaitingMail, error: string): Promise<void> {
    const failure = this.failures.get(waiting.key) ?? { count: 0, since: Date.now() };
    this.failures.set(waiting.key, { ...failure, count: failure.count + 1 });
    if (failure.count + 1 < maxFailures || this.lastTakenAt <= failure.since) return;
    await this.quarantine(mailbox, waiting, `uid:${waiting.key}`, 'failing', undefined, error.slice(0, 200)).catch(
      () => undefined,
    );
    this.failures.delete(waiting.key);
  }

  private async take(mailbox: Mailbox, waiting: WaitingMail): Promise<void> {
    if (waiting.size > maxInboundBytes) return this.quarantine(mailbox, waiting, `uid:${waiting.key}`, 'too-large');
    const source = await mailbox.source(waiting.uid);
    let mail: InboundMail;
    try {
      mail = await readInbound(source);
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      return this.quarantine(mailbox, waiting, sha256(error.messageId ?? source), error.reason, error.messageId);
    }
    // The message's Message-ID names it (its bytes, without one): delivered twice, with other Received: lines, it is one.
    const name = sha256(mail.messageId ?? source);
    try {
      await this.record(mail, waiting, name);
    } catch (error) {
      const refused = this.refusal(error);
      // Passing (the workflow service or the store away): the message stays in the inbox for the next poll.
      if (!refused) throw error;
      return this.quarantine(mailbox, waiting, name, refused.reason, mail.messageId, refused.detail);
    }
    await mailbox.file(waiting.uid, processedFolder);
    this.status = { ...this.status, taken: this.status.taken + 1 };
  }

  /** What the product refused of a message for good: a client's error, never a passing fault. */
  private refusal(error: unknown): { reason: QuarantineReason; detail?: string } | undefined {
    if (error instanceof KeyDestroyed) return { reason: 'customer-erased' };
    // As the API would answer it: a workflow's refusal, a store's, a problem of the API's own.
    const { status, code, text } = toProblem(error);
    if (status >= 500 || passing.has(code)) return undefined;
    if (code === 'customer-erased') return { reason: 'customer-erased' };
    // Another message under this one's Message-ID took it first.
    if (code === 'idempotency-key-reused') return { reason: 'conflicting-message-id' };
    return { reason: 'refused', detail: text?.key ?? code };
  }

  private async quarantine(
    mailbox: Mailbox,
    waiting: WaitingMail,
    key: string,
    reason: QuarantineReason,
    messageId?: string,
    detail?: string,
  ): Promise<void> {
    await recordQuarantine(this.store, key, {
      reason,
      ...(messageId ? { messageId } : {}),
      size: waiting.size,
      ...(waiting.receivedAt ? { receivedAt: waiting.receivedAt.toISOString() } : {}),
      ...(detail ? { detail } : {}),
      at: new Date().toISOString(),
    });
    await mailbox.file(waiting.uid, quarantineFolder);
    this.status = { ...this.status, quarantined: this.status.quarantined + 1 };
    this.logger.warn(`Message ${waiting.uid} quarantined: ${reason}${detail ? ` (${detail})` : ''}`);
  }

  /** A reply goes on its case; anything else is a new complaint. */
  private async record(mail: InboundMail, waiting: WaitingMail, name: string): Promise<void> {
    const messageId = mail.messageId ?? name;
    const caller: Caller = {
      actor: mailboxActor,
      roles: [],
      team: [],
      idempotencyKey: `email:${name}`,
      fingerprint: name,
    };
    const receivedAt = this.receivedAt(waiting.receivedAt ?? mail.date);
    const answered = await this.caseAnswered(mail);
    const reply = answered && (await this.recordReply(answered, { ...mail, messageId }, receivedAt, caller));
    const view = reply ? reply.view : await this.register(mail, receivedAt, caller);
    // Files go on an open case, from a new complaint or the customer's own reply: a stranger naming a case
    // adds none (a closed case takes none either). They stay with the message, in the mailbox.
    if (mail.attachments.length > 0 && view.status === 'open' && (!reply || reply.verified)) {
      const { left } = await this.caseFiles.attachFiles(view.id, mail.attachments, {
        ...caller,
        idempotencyKey: `${caller.idempotencyKey}:files`,
      });
      if (left.length > 0)
        this.logger.warn(`Attachments not taken on ${view.id} (type, size or count): ${left.length}`);
    }
  }

  private register(mail: InboundMail, receivedAt: string | undefined, caller: Caller): Promise<ComplaintView> {
    return this.complaints.register(
      {
        customer: {
          id: readableCode('CUS', caller.idempotencyKey),
          name: mail.from.name ?? mail.from.address,
          kind: 'person',
          contact: mail.from.address,
          contactDetails: {
            name: mail.from.name ?? mail.from.address,
            email: mail.from.address,
            language: languageOf(mail),
          },
        },
        channel: 'email',
        category: 'other',
        severity: 'normal',
        // Never the address: a title is not sealed.
        title: withoutLinkTokens(
          mail.subject || storableText(mail.text.split('\n')[0]!, maxInboundSubject) || noSubject,
        ),
        description: withoutLinkTokens(mail.text || mail.subject || noSubject),
        ...(receivedAt ? { receivedAt } : {}),
      },
      caller,
    );
  }

  /**
   * The case a message answers: by the message of ours to the customer it
   * replies to (its id unguessable, so only one who received it can name it:
   * their reply, from that address, is theirs), else by a case number in its
   * subject, which anyone can write (never taken as the customer's own).
   */
  private async caseAnswered(mail: InboundMail): Promise<{ complaintId: string; sentTo?: string } | undefined> {
    for (const id of answeredIds(mail)) {
      const sent = await sentMail(this.store, id);
      if (sent?.recipient !== 'customer' || !('complaintId' in sent.about)) continue;
      const address = await this.personal.open(sent.address);
      return { complaintId: sent.about.complaintId, ...(typeof address === 'string' ? { sentTo: address } : {}) };
    }
    const number = caseNumberInSubject(mail.subject);
    if (!number) return undefined;
    try {
      return { complaintId: await caseIdOf(this.store, number) };
    } catch (error) {
      if (error instanceof Problem && error.status === 404) return undefined;
      throw error;
    }
  }

  private async recordReply(
    { complaintId, sentTo }: { complaintId: string; sentTo?: string },
    mail: InboundMail & { messageId: string },
    receivedAt: string | undefined,
    caller: Caller,
  ) {
    const found = await this.complaints.find(complaintId);
    // Named by our own message or its number, so it was there: the read model is behind, and the next poll finds it.
    if (!found) throw new Error(`Case ${complaintId} is not readable yet`);
    const customerId = found.customer.id;
    // A case from before customers had records has no key to seal their words under.
    if (!customerId) throw problemSaying('rule-violated', 'named-customer-not-registered', { id: '' });
    const seal = (text: string) => this.personal.seal(customerId, withoutLinkTokens(text));
    const from = mail.from.address;
    const verified = sentTo?.trim().toLowerCase() === from && (await this.addressesOf(found)).includes(from);
    const request = entityRequest(
      {
        type: 'RecordCustomerMessage' as const,
        data: {
          channel: 'email' as const,
          messageId: mail.messageId,
          from: await seal(from),
          subject: await seal(mail.subject),
          text: await seal(mail.text),
          verified,
          receivedAt: receivedAt ?? new Date().toISOString(),
        },
      },
      caller,
    );
    return {
      view: await this.complaints.recordCustomerMessage(complaintId, request, caller.idempotencyKey!),
      verified,
    };
  }

  /** The addresses the case's customer is known by: the case's contact, and their record's e-mails now. */
  private async addressesOf(found: ComplaintView): Promise<string[]> {
    const contact = found.customer.contact ? await this.personal.open(found.customer.contact) : undefined;
    return [
      ...(typeof contact === 'string' ? [contact.trim().toLowerCase()] : []),
      ...(found.customer.id ? await this.customers.addressesOf(found.customer.id) : []),
    ];
  }

  /** When the mailbox received it, unless longer ago than a registration may say: then at registration. */
  private receivedAt(at: Date | undefined): string | undefined {
    if (!at || Number.isNaN(at.getTime())) return undefined;
    return at.getTime() >= Date.now() - this.config.receivedAtMaxAgeMs + 60_000 ? at.toISOString() : undefined;
  }
}
