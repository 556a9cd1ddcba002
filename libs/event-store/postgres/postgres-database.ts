import pg from 'pg';
import type { SqlDatabase, SqlSession } from '../sql/sql-database.js';

export class PostgresDatabase implements SqlDatabase {
  private constructor(private readonly pool: pg.Pool) {}

  static connect(connectionString: string, { maxConnections = 10 } = {}): PostgresDatabase {
    const pool = new pg.Pool({ connectionString, max: maxConnections });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    return new PostgresDatabase(pool);
  }

  async query<Row>(text: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(text, params)).rows as Row[];
  }

  async transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
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
