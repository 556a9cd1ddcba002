import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  openStore,
  PgliteDatabase,
  PostgresDatabase,
  SqlEventStore,
  type EventStore,
  type PageCheck,
  type SqlDatabase,
} from '../event-store/index.js';
import type { ReadModels } from '../projections/index.js';
import type { BlobStore } from '../blob-store/index.js';
import { openBlobStore } from './blob-storage.js';
import type { AppConfig } from './config.js';

/** The event store, the read models and the files the events name, of one process, opened and closed together; `pageCheck`, when it was asked for. */
export type Storage = Readonly<{
  store: EventStore;
  readModels: ReadModels;
  blobs: BlobStore;
  close: () => Promise<void>;
  pageCheck?: PageCheck;
}>;

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
export const openStorage = async (config: AppConfig, { checkPages = false } = {}): Promise<Storage> => {
  const { store, readModels, closeReadModels, pageCheck, database } = await openRecords(config, checkPages);
  let blobs: BlobStore;
  try {
    const schema = config.eventStore.kind === 'postgres' ? config.eventStore.schema : undefined;
    blobs = await openBlobStore(config.evidence.store, { database, schema });
  } catch (error) {
    await Promise.allSettled([store.close(), closeReadModels()]);
    throw error;
  }
  return {
    store,
    readModels,
    blobs,
    pageCheck,
    close: async () => {
      await Promise.allSettled([blobs.close(), closeReadModels()]);
      await store.close();
    },
  };
};

const openRecords = async (config: AppConfig, checkPages: boolean) => {
  if (config.eventStore.kind === 'embedded' || (config.eventStore.kind === 'kurrentdb' && !config.readModelsUrl))
    makeDataDir(config.dataDir);
  const { store, database } = await openStore(config.eventStore);
  if (database) {
    const schema = readSchemaFor(config.eventStore.kind === 'postgres' ? config.eventStore.schema : undefined);
    // Only the embedded store, which no one else looks after: a PostgreSQL server is shared by
    // every process and has its own tools (pg_checksums, amcheck) for a scan of that size.
    const pageCheck =
      checkPages && config.eventStore.kind === 'embedded' && store instanceof SqlEventStore
        ? await store.checkPages()
        : undefined;
    const readModels: ReadModels = { db: database, schema };
    return { store, readModels, database, pageCheck, closeReadModels: async () => {} };
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
  const readModels: ReadModels = { db: own, schema: 'read_models' };
  return { store, readModels, database: undefined, pageCheck: undefined, closeReadModels: () => own.close() };
};

/** What an operator must hear of a damaged store, in one line of the log. */
export const describeDamage = ({ damagedBlocks, unreadable }: PageCheck): string =>
  [
    `The event store has damaged pages (blocks ${damagedBlocks.join(', ')} of the events table fail their checksum).`,
    unreadable.length > 0
      ? `Unreadable: ${unreadable.map(({ streamId, revisions }) => `${streamId} revisions ${revisions.join(', ')}`).join('; ')}.`
      : 'No stream names them: the damaged blocks hold no event a stream still lists.',
    'Those records answer record-unreadable and audit as unreadable until the store is restored from a backup;',
    'every other record is served as usual.',
  ].join(' ');
