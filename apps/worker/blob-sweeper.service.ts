import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { BlobStore } from '../../libs/blob-store/index.js';
import type { EventStore, PageCheck } from '../../libs/event-store/index.js';
import { sweepUnnamedBlobs } from '../../libs/platform/blob-sweep.js';
import type { AppConfig } from '../../libs/platform/config.js';
import { APP_CONFIG, BLOB_STORE, EVENT_STORE, STORE_PAGE_CHECK } from '../../libs/platform/nest/tokens.js';

/**
 * Every EVIDENCE_SWEEP_EVERY, removes the files no event names that were
 * stored more than EVIDENCE_SWEEP_GRACE ago: a refused upload keeps nothing
 * for long, and a file an event names is never touched.
 */
@Injectable()
export class BlobSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('BlobSweeper');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(STORE_PAGE_CHECK) private readonly pageCheck: PageCheck | null,
  ) {}

  onApplicationBootstrap(): void {
    // Events the store cannot read may name any file: nothing is swept until the store is restored.
    if (this.pageCheck && this.pageCheck.damagedBlocks.length > 0) {
      this.logger.warn('The event store has damaged pages: files no event names are not swept until it is restored');
      return;
    }
    const { everyMs } = this.config.evidence.sweep;
    this.timer = setInterval(() => void this.sweep(), everyMs);
    this.timer.unref();
  }

  private sweep(): Promise<void> {
    this.running ??= (async () => {
      try {
        const before = new Date(Date.now() - this.config.evidence.sweep.graceMs);
        const { removed, interrupted } = await sweepUnnamedBlobs(this.store, this.blobs, before);
        if (removed.length + interrupted > 0)
          this.logger.log(`Removed ${removed.length} file(s) no event names and ${interrupted} interrupted upload(s)`);
      } catch (error) {
        this.logger.warn(`File sweep failed, will retry: ${String(error)}`);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  // Before the stores close: a sweep is not cut off half way.
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
