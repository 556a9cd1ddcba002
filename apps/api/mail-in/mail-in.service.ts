import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { ComplaintView } from '../../../libs/contracts/read-views.js';
import type { EventStore } from '../../../libs/event-store/index.js';
import type { AppConfig } from '../../../libs/platform/config.js';
import {
  answeredIds,
  caseNumberInSubject,
  maxInboundBytes,
  readInbound,
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
import { ComplaintsService } from '../complaints/complaints.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { entityRequest, type Caller } from '../http/request-context.js';
import { Problem, problemSaying } from '../problems/problem.js';

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

/** Refusals that pass: the message is taken at a later poll. */
const passing: ReadonlySet<string> = new Set(['revision-conflict', 'rate-limited']);

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Reads complaints from the mailbox at IMAP_URL. A new message registers a
 * complaint (channel e-mail, unassigned, in the inbox); a reply to one the
 * product sent, or naming a case's number, is recorded on that case as the
 * customer's message, marked unverified when it comes from an address the
 * case does not know. Each message is filed once taken: into Processed, or
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

  constructor(
    private readonly complaints: ComplaintsService,
    private readonly customers: CustomersService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA) private readonly personal: PersonalData,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
        this.timer = setTimeout(next, mailIn.pollMs);
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

  /** One reading of the inbox, message by message, oldest first; a fault of the mailbox ends it until the next. */
  async poll(): Promise<void> {
    const { mailIn } = this.config;
    if (!mailIn) return;
    let mailbox: Mailbox | undefined;
    try {
      mailbox = await openMailbox(mailIn.imapUrl);
      for (const waiting of await mailbox.waiting()) {
        if (this.stopped) break;
        await this.take(mailbox, waiting);
      }
      this.status = { ...this.status, lastPollAt: new Date().toISOString(), lastError: undefined };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.status = { ...this.status, lastPollAt: new Date().toISOString(), lastError: message };
      this.logger.warn(`The mailbox could not be read; trying again at the next poll: ${message}`);
    } finally {
      await mailbox?.close().catch(() => undefined);
    }
  }

  private async take(mailbox: Mailbox, waiting: WaitingMail): Promise<void> {
    if (waiting.size > maxInboundBytes) return this.quarantine(mailbox, waiting, `uid:${waiting.uid}`, 'too-large');
    const source = await mailbox.source(waiting.uid);
    const key = sha256(source);
    let mail: InboundMail;
    try {
      mail = await readInbound(source);
    } catch (error) {
      if (error instanceof Unreadable) return this.quarantine(mailbox, waiting, key, error.reason, error.messageId);
      throw error;
    }
    try {
      await this.record(mail, waiting, key);
    } catch (error) {
      const refused = this.refusal(error);
      if (!refused) {
        // Passing (the workflow service or the store away): the message stays in the inbox for the next poll.
        this.logger.warn(`Message ${waiting.uid} stays in the inbox for now: ${String(error)}`);
        return;
      }
      return this.quarantine(mailbox, waiting, key, refused.reason, mail.messageId, refused.detail);
    }
    await mailbox.file(waiting.uid, processedFolder);
    this.status = { ...this.status, taken: this.status.taken + 1 };
  }

  /** What the product refused of a message for good: a client's error, never a passing fault. */
  private refusal(error: unknown): { reason: QuarantineReason; detail?: string } | undefined {
    if (error instanceof KeyDestroyed) return { reason: 'customer-erased' };
    if (!(error instanceof Problem) || error.status >= 500 || passing.has(error.code)) return undefined;
    if (error.code === 'customer-erased') return { reason: 'customer-erased' };
    // Another message under this one's Message-ID took it first.
    if (error.code === 'idempotency-key-reused') return { reason: 'conflicting-message-id' };
    return { reason: 'refused', detail: error.text?.key ?? error.code };
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
  private async record(mail: InboundMail, waiting: WaitingMail, key: string): Promise<void> {
    // Without a Message-ID, the message's bytes name it: the same message read again is the same.
    const messageId = mail.messageId ?? key;
    const named = `email:${messageId}`;
    const caller: Caller = { actor: mailboxActor, roles: [], team: [], idempotencyKey: named, fingerprint: key };
    const receivedAt = this.receivedAt(waiting.receivedAt ?? mail.date);
    const caseId = await this.caseAnswered(mail);
    if (caseId) return this.recordReply(caseId, { ...mail, messageId }, receivedAt, caller);
    await this.complaints.register(
      {
        customer: {
          id: readableCode('CUS', named),
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
        title: mail.subject || mail.text.split('\n')[0]!.slice(0, 200) || mail.from.address,
        description: mail.text || mail.subject || mail.from.address,
        ...(receivedAt ? { receivedAt } : {}),
      },
      caller,
    );
  }

  /** The case a message answers: by the message of ours it replies to, else by a case number in its subject. */
  private async caseAnswered(mail: InboundMail): Promise<string | undefined> {
    for (const id of answeredIds(mail)) {
      const sent = await sentMail(this.store, id);
      if (sent && 'complaintId' in sent.about) return sent.about.complaintId;
    }
    const number = caseNumberInSubject(mail.subject);
    return number ? caseIdOf(this.store, number).catch(() => undefined) : undefined;
  }

  private async recordReply(
    complaintId: string,
    mail: InboundMail & { messageId: string },
    receivedAt: string | undefined,
    caller: Caller,
  ) {
    const { messageId } = mail;
    const recorded = (await this.complaints.events(complaintId)).some(
      (event) =>
        event.type === 'CustomerMessageReceived' && (event.data as { messageId?: string }).messageId === messageId,
    );
    if (recorded) return;
    const found = await this.complaints.find(complaintId);
    if (!found) return;
    const customerId = found.customer.id;
    // A case from before customers had records has no key to seal their words under.
    if (!customerId) throw problemSaying('rule-violated', 'named-customer-not-registered', { id: '' });
    const seal = (text: string) => this.personal.seal(customerId, text);
    const request = entityRequest(
      {
        type: 'RecordCustomerMessage' as const,
        data: {
          channel: 'email' as const,
          messageId,
          from: await seal(mail.from.address),
          subject: await seal(mail.subject),
          text: await seal(mail.text),
          verified: (await this.addressesOf(found)).includes(mail.from.address),
          receivedAt: receivedAt ?? new Date().toISOString(),
        },
      },
      caller,
    );
    await this.complaints.recordCustomerMessage(complaintId, request, caller.idempotencyKey!);
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
