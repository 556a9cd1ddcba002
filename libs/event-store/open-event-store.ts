import { join } from 'node:path';
import type { EventStore } from './event-store.js';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.js';
import { PgliteDatabase } from './pglite/pglite-database.js';
import { PostgresDatabase } from './postgres/postgres-database.js';
import { SqlEventStore } from './sql/sql-event-store.js';

export type EventStoreConfig =
  | Readonly<{ kind: 'embedded'; dataDir: string }>
  | Readonly<{ kind: 'postgres'; url: string; schema?: string }>
  | Readonly<{ kind: 'kurrentdb'; url: string }>;

export const openEventStore = async (config: EventStoreConfig): Promise<EventStore> => {
  switch (config.kind) {
    case 'embedded':
      return SqlEventStore.open(await PgliteDatabase.open(join(config.dataDir, 'event-store')));
    case 'postgres':
      return SqlEventStore.open(PostgresDatabase.connect(config.url), config.schema);
    case 'kurrentdb':
      return KurrentDbEventStore.open(config.url);
  }
};
