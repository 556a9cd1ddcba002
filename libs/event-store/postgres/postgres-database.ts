import pg from 'pg';
import { EventStoreError } from '../event-store.js';
import type { SqlDatabase, SqlSession } from '../sql/sql-database.js';

// Connection refused or reset, and PostgreSQL's connection-exception and shutdown classes.
const unavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P02', '57P03']);

/** A database that cannot be reached is the port's `store-unavailable`; anything else is passed on. */
const guard = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '');
    if (unavailableCodes.has(code) || code.startsWith('08')) {
      throw new EventStoreError('store-unavailable', 'PostgreSQL is unavailable', { code });
    }
    throw error;
  }
};

export class PostgresDatabase implements SqlDatabase {
  private constructor(private readonly pool: pg.Pool) {}

  static connect(connectionString: string, { maxConnections = 10 } = {}): PostgresDatabase {
    const pool = new pg.Pool({ connectionString, max: maxConnections });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    return new PostgresDatabase(pool);
  }

  query<Row>(text: string, params: unknown[] = []): Promise<Row[]> {
    return guard(async () => (await this.pool.query(text, params)).rows as Row[]);
  }

  async transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
    const client = await guard(() => this.pool.connect());
    try {
      await client.query('begin');
      const result = await work({ query: async <Row>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as Row[] });
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
