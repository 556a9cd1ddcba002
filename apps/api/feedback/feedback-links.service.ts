import { Inject, Injectable } from '@nestjs/common';
import type { ComplaintRequest } from '../../../libs/contracts/index.js';
import { satisfactionScale, type Personal } from '../../../libs/domain/index.js';
import { KeyDestroyed } from '../../../libs/platform/data-keys.js';
import type { AppConfig } from '../../../libs/platform/config.js';
import { APP_CONFIG, READ_MODELS } from '../../../libs/platform/nest/tokens.js';
import { caseOfFeedbackLink, type ReadModels } from '../../../libs/projections/index.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import type { ComplaintView } from '../complaints/complaint-view.js';
import { CustomersService } from '../customers/customers.service.js';
import { entityRequest, type Caller } from '../http/request-context.js';
import { problemSaying } from '../problems/problem.js';
import { toProblem } from '../problems/to-problem.js';
import { FeedbackTokens, hashOfToken, tokenPattern } from './feedback-tokens.js';

export const FEEDBACK_TOKENS = Symbol('FEEDBACK_TOKENS');

/** Unknown, expired, used, replaced, of a case that moved on: all alike, so a token tells nothing of any case. */
const noSuchLink = () => problemSaying('feedback-link-void', 'feedback-link-void');

/** The customer as the actor of what they do through their link. */
export const customerActor = (view: ComplaintView): string => `customer:${view.customer.id ?? view.id}`;

type LiveLink = Readonly<{
  view: ComplaintView;
  linkId: string;
  openedAt?: string;
  summary: string;
  expiresAt: string;
}>;

/**
 * The customer's own answer: a link made at feedback by whoever works the
 * case, and the public page behind it, which finds the case by the hash of
 * the link's token and shows only what the owner wrote for the customer.
 */
@Injectable()
export class FeedbackLinksService {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly customers: CustomersService,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(FEEDBACK_TOKENS) private readonly tokens: FeedbackTokens,
  ) {}

  /** Records a new link on the case (the last one dies) and gives its URL, once: only its hash is kept. */
  async issue(
    complaintId: string,
    { summary, expectedRevision, mail = true }: { summary: string; expectedRevision?: number; mail?: boolean },
    caller: Caller,
    origin: string,
  ) {
    const { token, tokenHash, linkId } = this.tokens.make(complaintId, caller.idempotencyKey);
    const expiresAt = new Date(Date.now() + this.config.customerLinks.ttlMs).toISOString();
    const url = `${origin}/feedback/${token}`;
    // Mailed only from where the deployment says it is reached (PUBLIC_URL): a link made from a request's Host
    // header could name a proxy's inside, or a host a client chose.
    const link =
      mail && this.config.customerLinks.publicUrl ? await this.sealedForCustomer(complaintId, url) : undefined;
    const request: ComplaintRequest = {
      ...entityRequest(
        { type: 'IssueFeedbackLink', data: { linkId, tokenHash, expiresAt, summary } },
        caller,
        expectedRevision,
      ),
      ...(link ? { forMail: { link } } : {}),
    };
    const view = await this.complaints.execute(complaintId, request, caller.idempotencyKey);
    // A retried request answers with the link as first recorded.
    return {
      url,
      expiresAt: view.feedbackLink!.expiresAt,
      linkId,
      revision: view.revision,
    };
  }

  /**
   * The link sealed under the case's customer's key, for the e-mail that takes
   * it to them: none for a customer erased, or a case from before customers
   * had records (no key to seal under; the owner passes the link on).
   */
  private async sealedForCustomer(complaintId: string, url: string): Promise<Personal | undefined> {
    const customerId = (await this.complaints.find(complaintId))?.customer.id;
    if (!customerId) return undefined;
    try {
      return await this.customers.sealFor(customerId, url);
    } catch (error) {
      if (error instanceof KeyDestroyed) return undefined;
      throw error;
    }
  }

  /** What the customer sees: the case's number and title, what was done in the owner's words, in their language. */
  async show(token: string) {
    const link = await this.live(token);
    const { view } = link;
    if (!link.openedAt)
      // Best effort: a page whose opening could not be recorded still shows.
      await this.asCustomer(view, { type: 'OpenFeedbackLink', data: { linkId: link.linkId } }).catch(() => undefined);
    const customer = view.customer.id ? await this.customers.entity.find(view.customer.id) : undefined;
    const language = customer?.contacts.find((contact) => contact.language)?.language ?? null;
    return {
      number: view.number ?? null,
      title: view.title,
      summary: link.summary,
      customer: view.customer.name,
      language,
      scale: satisfactionScale,
      expiresAt: link.expiresAt,
    };
  }

  /** The customer's answer, as their own event: "not resolved" sends the case back to analyse. */
  async answer(token: string, answer: { resolved: boolean; score: number; comment: string }) {
    const link = await this.live(token);
    try {
      await this.asCustomer(link.view, { type: 'AnswerFeedbackLink', data: { linkId: link.linkId, ...answer } });
    } catch (error) {
      // Used up a moment ago (a second tab), or the case moved on: as any dead link.
      const { status, code } = toProblem(error);
      if (status === 404 || code === 'case-closed') throw noSuchLink();
      throw error;
    }
    return { recorded: true, resolved: answer.resolved };
  }

  private asCustomer(view: ComplaintView, command: ComplaintRequest['command']) {
    return this.complaints.execute(view.id, { command, actor: customerActor(view), roles: [], team: [] });
  }

  /** The case a token was made for, while its link is the case's current one, unanswered, unexpired, at feedback. */
  private async live(token: string): Promise<LiveLink> {
    if (!tokenPattern.test(token)) throw noSuchLink();
    const tokenHash = hashOfToken(token);
    const complaintId = await caseOfFeedbackLink(this.readModels, tokenHash);
    const view = complaintId === undefined ? undefined : await this.complaints.find(complaintId);
    const link = view?.feedbackLink;
    if (
      !view ||
      !link ||
      view.status !== 'open' ||
      view.step !== 'feedback' ||
      link.linkId !== this.tokens.linkIdOf(tokenHash) ||
      (link.state !== 'made' && link.state !== 'opened')
    )
      throw noSuchLink();
    return { view, linkId: link.linkId, openedAt: link.openedAt, summary: link.summary, expiresAt: link.expiresAt };
  }
}
