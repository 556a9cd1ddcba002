import { PGlite } from '@electric-sql/pglite';
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlDatabase, SqlSession } from '../sql/sql-database.js';
import { lockDirectory } from '../../support/directory-lock.js';

/**
 * PGlite unpacks a new database with the modes of its archive (0666), whatever
 * the umask: the store's files are its owner's only, as PostgreSQL keeps them.
 */
const keepToOwner = (dataDir: string): void => {
  for (const entry of readdirSync(dataDir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isDirectory()) chmodSync(path, 0o700);
    else if (entry.isFile()) chmodSync(path, 0o600);
  }
};

/**
 * Embedded PostgreSQL (WASM). PGlite runs one query at a time and a
 * transaction holds it exclusively, which serialises all access.
 */
export class PgliteDatabase implements SqlDatabase {
  private constructor(
    private readonly db: PGlite,
    private readonly unlock: () => void,
  ) {}

  /** `dataDir` undefined: in memory, for throwaway use. */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    if (!dataDir) return new PgliteDatabase(await PGlite.create(), () => undefined);
    const unlock = lockDirectory(`${dataDir}.lock`, `The embedded event store ${dataDir}`);
    try {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const db = await PGlite.create({ dataDir });
      keepToOwner(dataDir);
      return new PgliteDatabase(db, unlock);
    } catch (error) {
      unlock();
      throw error;
    }
  }

  async query<Row>(text: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.db.query<Row>(text, params)).rows;
  }

  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      work({ query: async <Row>(text: string, params: unknown[] = []) => (await tx.query<Row>(text, params)).rows }),
    );
  }

  async close(): Promise<void> {
    try {
      await this.db.close();
    } finally {
      this.unlock();
    }
  }
}
