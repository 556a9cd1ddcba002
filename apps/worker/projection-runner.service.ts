import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Projector } from '../../libs/projections/index.js';
import { PROJECTOR } from '../../libs/platform/nest/tokens.js';

/** Keeps the read models following the store for as long as the worker runs. */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projector');

  constructor(@Inject(PROJECTOR) private readonly projector: Projector) {}

  onApplicationBootstrap(): void {
    this.projector.start({ onError: (error) => this.logger.warn(`Projection paused, will retry: ${String(error)}`) });
  }

  // Before the store closes (that is onApplicationShutdown): no batch is cut off half way.
  async onModuleDestroy(): Promise<void> {
    await this.projector.stop();
  }
}
