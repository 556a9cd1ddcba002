import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import type { SqlDatabase, SqlSession } from '../sql/sql-database.js';
import { lockDirectory } from '../../support/directory-lock.js';

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
      mkdirSync(dataDir, { recursive: true });
      return new PgliteDatabase(await PGlite.create({ dataDir }), unlock);
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
