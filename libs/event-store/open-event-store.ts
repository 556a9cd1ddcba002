import { join } from 'node:path';
import type { EventStore } from './event-store.js';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.js';
import { PgliteDatabase } from './pglite/pglite-database.js';
import { PostgresDatabase } from './postgres/postgres-database.js';
import type { SqlDatabase } from './sql/sql-database.js';
import { SqlEventStore } from './sql/sql-event-store.js';

export type EventStoreConfig =
  | Readonly<{ kind: 'embedded'; dataDir: string }>
  | Readonly<{ kind: 'postgres'; url: string; schema?: string }>
  | Readonly<{ kind: 'kurrentdb'; url: string }>;

/** The store, and the SQL database under it where there is one (others may keep tables beside the events). */
export type OpenedStore = Readonly<{ store: EventStore; database?: SqlDatabase }>;

export const openStore = async (config: EventStoreConfig): Promise<OpenedStore> => {
  switch (config.kind) {
    case 'embedded': {
      const database = await PgliteDatabase.open(join(config.dataDir, 'event-store'));
      return { store: await SqlEventStore.open(database), database };
    }
    case 'postgres': {
      const database = PostgresDatabase.connect(config.url);
      return { store: await SqlEventStore.open(database, config.schema), database };
    }
    case 'kurrentdb':
      return { store: await KurrentDbEventStore.open(config.url) };
  }
};

export const openEventStore = async (config: EventStoreConfig): Promise<EventStore> => (await openStore(config)).store;
