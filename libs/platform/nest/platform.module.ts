import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Projector } from '../../projections/index.js';
import type { AppConfig } from '../config.js';
import { openStorage, type Storage } from '../storage.js';
import { APP_CONFIG, EVENT_STORE, PROJECTOR, READ_MODELS } from './tokens.js';

const STORAGE = Symbol('STORAGE');

/**
 * What every app shares: its configuration, the one event store of the
 * process, the read models beside it, and the projector that keeps them (the
 * worker runs it; any process may ask how far behind it is, or rebuild).
 */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(@Inject(STORAGE) private readonly storage: Storage) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: STORAGE, useFactory: () => openStorage(config) },
        { provide: EVENT_STORE, useFactory: (storage: Storage) => storage.store, inject: [STORAGE] },
        { provide: READ_MODELS, useFactory: (storage: Storage) => storage.readModels, inject: [STORAGE] },
        {
          provide: PROJECTOR,
          useFactory: (storage: Storage) => Projector.open(storage.store, storage.readModels),
          inject: [STORAGE],
        },
      ],
      exports: [APP_CONFIG, EVENT_STORE, READ_MODELS, PROJECTOR],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}
