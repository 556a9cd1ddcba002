import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  openStore,
  PgliteDatabase,
  PostgresDatabase,
  type EventStore,
  type SqlDatabase,
} from '../event-store/index.js';
import type { ReadModels } from '../projections/index.js';
import type { AppConfig } from './config.js';

/** The event store and the read models of one process, opened and closed together. */
export type Storage = Readonly<{ store: EventStore; readModels: ReadModels; close: () => Promise<void> }>;

/**
 * DATA_DIR holds the event store, Temporal's database and the signing secret:
 * its owner's only, whatever the umask. Files in it get 0600 from
 * `ownerOnlyFiles`, since PGlite and the Temporal server take no mode of ours.
 */
export const makeDataDir = (dataDir: string): void => {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
};

/** For entry points: every file and directory this process (and its children) creates is its owner's only. */
export const ownerOnlyFiles = (): void => {
  process.umask(0o077);
};

/** The read schema beside an event store schema: `read_models` next to `public`, `<schema>_read` otherwise. */
export const readSchemaFor = (storeSchema = 'public'): string =>
  storeSchema === 'public' ? 'read_models' : `${storeSchema}_read`;

/**
 * The read tables live in the store's own database where it has one, so the
 * embedded default stays one PGlite and one lock. KurrentDB has no tables:
 * its read models go to `DATABASE_URL` when set (what a cluster needs, since
 * every API instance reads them), else to an embedded database under DATA_DIR.
 */
export const openStorage = async (config: AppConfig): Promise<Storage> => {
  if (config.eventStore.kind === 'embedded' || (config.eventStore.kind === 'kurrentdb' && !config.readModelsUrl))
    makeDataDir(config.dataDir);
  const { store, database } = await openStore(config.eventStore);
  if (database) {
    const schema = readSchemaFor(config.eventStore.kind === 'postgres' ? config.eventStore.schema : undefined);
    return { store, readModels: { db: database, schema }, close: () => store.close() };
  }
  let own: SqlDatabase;
  try {
    own = config.readModelsUrl
      ? PostgresDatabase.connect(config.readModelsUrl)
      : await PgliteDatabase.open(join(config.dataDir, 'read-models'));
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    store,
    readModels: { db: own, schema: 'read_models' },
    close: async () => {
      await Promise.allSettled([store.close(), own.close()]);
    },
  };
};
