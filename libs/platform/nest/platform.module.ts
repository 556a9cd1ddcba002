import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Projector } from '../../projections/index.js';
import type { AppConfig } from '../config.js';
import { describeDamage, openStorage, type Storage } from '../storage.js';
import { PersonalData } from '../personal-data.js';
import {
  APP_CONFIG,
  BLOB_STORE,
  EVENT_STORE,
  PERSONAL_DATA,
  PROJECTOR,
  READ_MODELS,
  STORE_PAGE_CHECK,
} from './tokens.js';

const STORAGE = Symbol('STORAGE');

/**
 * A damaged page found at start-up is logged and reported on /health/ready,
 * and the process starts anyway: the damage is confined to the records on
 * those pages (they answer record-unreadable, their audits name what is lost),
 * and refusing to start would take every readable case down with them while
 * the store waits for a restore.
 */
const openCheckedStorage = async (config: AppConfig): Promise<Storage> => {
  const storage = await openStorage(config, { checkPages: true });
  if (storage.pageCheck && storage.pageCheck.damagedBlocks.length > 0)
    new Logger('EventStore').error(describeDamage(storage.pageCheck));
  return storage;
};

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
        { provide: STORAGE, useFactory: () => openCheckedStorage(config) },
        {
          provide: STORE_PAGE_CHECK,
          useFactory: (storage: Storage) => storage.pageCheck ?? null,
          inject: [STORAGE],
        },
        { provide: EVENT_STORE, useFactory: (storage: Storage) => storage.store, inject: [STORAGE] },
        { provide: READ_MODELS, useFactory: (storage: Storage) => storage.readModels, inject: [STORAGE] },
        { provide: BLOB_STORE, useFactory: (storage: Storage) => storage.blobs, inject: [STORAGE] },
        // A master key other than the one the keys were wrapped with stops the start here, before anything is written.
        {
          provide: PERSONAL_DATA,
          useFactory: (storage: Storage) => PersonalData.open(storage, config),
          inject: [STORAGE],
        },
        {
          provide: PROJECTOR,
          useFactory: (storage: Storage, personal: PersonalData) =>
            Projector.open(storage.store, storage.readModels, { personal }),
          inject: [STORAGE, PERSONAL_DATA],
        },
      ],
      exports: [APP_CONFIG, BLOB_STORE, EVENT_STORE, READ_MODELS, PROJECTOR, STORE_PAGE_CHECK, PERSONAL_DATA],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}
