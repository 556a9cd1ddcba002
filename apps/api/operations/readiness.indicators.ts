import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Client } from '@temporalio/client';
import type { EventStore, PageCheck } from '../../../libs/event-store/index.js';
import type { Projector } from '../../../libs/projections/index.js';
import { EVENT_STORE, PROJECTOR, STORE_PAGE_CHECK, TEMPORAL_CLIENT } from '../../../libs/platform/nest/tokens.js';

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
