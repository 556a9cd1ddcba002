import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Client } from '@temporalio/client';
import type { EventStore, PageCheck } from '../../../libs/event-store/index.js';
import type { Projector } from '../../../libs/projections/index.js';
import type { AppConfig } from '../../../libs/platform/config.js';
import { smtpAnswers } from '../../../libs/platform/mail-transport.js';
import {
  APP_CONFIG,
  EVENT_STORE,
  PROJECTOR,
  STORE_PAGE_CHECK,
  TEMPORAL_CLIENT,
} from '../../../libs/platform/nest/tokens.js';
import { MailInService } from '../mail-in/mail-in.service.js';

/** Read models this far behind the store still serve, but a monitor should hear of it. */
export const projectionLagWarning = 1000;

const elapsedSince = (started: number) => Math.round(performance.now() - started);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What readiness depends on: the event store and Temporal must answer; the read models may trail. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(TEMPORAL_CLIENT) private readonly temporalClient: Client,
    @Inject(PROJECTOR) private readonly projector: Projector,
    @Inject(STORE_PAGE_CHECK) private readonly pageCheck: PageCheck | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mailIn: MailInService,
  ) {}

  /** `degraded`, not `down`, when pages are damaged: every record off those pages is still served. */
  async store(): Promise<HealthIndicatorResult> {
    const result = await this.probe('store', () => this.eventStore.headPosition());
    const { status, ...measured } = result['store'] ?? {};
    if (!this.pageCheck || this.pageCheck.damagedBlocks.length === 0 || status !== 'up') return result;
    return this.health.check('store').degraded({
      ...measured,
      corrupted: true,
      damagedBlocks: this.pageCheck.damagedBlocks,
      unreadable: this.pageCheck.unreadable,
    });
  }

  async temporal(): Promise<HealthIndicatorResult> {
    return this.probe('temporal', () =>
      this.temporalClient.connection.withDeadline(Date.now() + 2000, () =>
        this.temporalClient.workflowService.getSystemInfo({}),
      ),
    );
  }

  /** Never `down`: lists and reports trail the store, commands and case reads do not depend on them; `degraded` while they trail far, fail, or hold a stream in quarantine. */
  async projections(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('projections');
    try {
      const status = await this.projector.status();
      // A quarantined stream leaves its rows as they were before the event it could not fold: someone must look.
      return status.lastError || status.lag > projectionLagWarning || status.quarantined.length > 0
        ? indicator.degraded({ ...status })
        : indicator.up({ ...status });
    } catch (error) {
      return indicator.degraded({ message: messageOf(error) });
    }
  }

  /**
   * Never `down`: e-mail waits and is retried while its servers are away.
   * `degraded` while the SMTP server does not answer (asked at most every 30
   * seconds) or the last reading of the mailbox failed.
   */
  async mail(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('mail');
    const { smtpUrl } = this.config.mail;
    const { configured, lastError } = this.mailIn.mailboxStatus();
    // States only: what the servers said (host names, logins) is for administrators, on their page.
    const report = {
      smtp: { state: smtpUrl ? this.smtpState(smtpUrl) : 'outbox' },
      mailbox: { state: !configured ? 'off' : lastError ? 'failing' : 'up' },
    };
    return report.smtp.state === 'failing' || report.mailbox.state === 'failing'
      ? indicator.degraded(report)
      : indicator.up(report);
  }

  /** What the SMTP server last answered ('checking' before it first has): asked again in the background, at most every 30 s. */
  private smtp: { checkedAt: number; state: string } = { checkedAt: 0, state: 'checking' };

  private smtpState(url: string): string {
    if (Date.now() - this.smtp.checkedAt > 30_000) {
      this.smtp = { ...this.smtp, checkedAt: Date.now() };
      void smtpAnswers(url).then(
        () => (this.smtp = { ...this.smtp, state: 'up' }),
        () => (this.smtp = { ...this.smtp, state: 'failing' }),
      );
    }
    return this.smtp.state;
  }

  private async probe(key: string, work: () => Promise<unknown>): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    const started = performance.now();
    try {
      await work();
      return indicator.up({ latencyMs: elapsedSince(started) });
    } catch (error) {
      return indicator.down({ message: messageOf(error), latencyMs: elapsedSince(started) });
    }
  }
}
