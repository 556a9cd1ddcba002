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
import type { AppConfig } from './config.js';

/** The event store and the read models of one process, opened and closed together; `pageCheck`, when it was asked for. */
export type Storage = Readonly<{
  store: EventStore;
  readModels: ReadModels;
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
    return { store, readModels: { db: database, schema }, close: () => store.close(), pageCheck };
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
