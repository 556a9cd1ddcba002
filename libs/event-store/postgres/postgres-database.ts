import pg from 'pg';
import { EventStoreError } from '../event-store.js';
import type { SqlDatabase, SqlSession } from '../sql/sql-database.js';

// Connection refused or reset, and PostgreSQL's connection-exception and shutdown classes.
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
]);
// What node-postgres says, with no code, when a connection drops or cannot be made in time.
const lostConnection =
  /^Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/;

/** A database that cannot be reached is the port's `store-unavailable`; anything else is passed on. */
const guard = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '');
    const message = error instanceof Error ? error.message : '';
    if (unavailableCodes.has(code) || code.startsWith('08') || (!code && lostConnection.test(message))) {
      throw new EventStoreError('store-unavailable', 'PostgreSQL is unavailable', { code: code || message });
    }
    throw error;
  }
};

export class PostgresDatabase implements SqlDatabase {
  private constructor(private readonly pool: pg.Pool) {}

  static connect(connectionString: string, { maxConnections = 10, connectTimeoutMs = 5000 } = {}): PostgresDatabase {
    // A server that does not answer a connection must fail the request soon, not hang it.
    const pool = new pg.Pool({ connectionString, max: maxConnections, connectionTimeoutMillis: connectTimeoutMs });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    return new PostgresDatabase(pool);
  }

  query<Row>(text: string, params: unknown[] = []): Promise<Row[]> {
    return guard(async () => (await this.pool.query(text, params)).rows as Row[]);
  }

  /** A connection lost inside the transaction is `store-unavailable` too; PostgreSQL rolls back what it had. */
  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
    return guard(async () => {
      const client = await this.pool.connect();
      let broken: unknown;
      // The pool listens for errors only on idle clients: a connection lost while
      // this one is out would be an unhandled 'error' event, which ends the process.
      const lost = (error: Error) => (broken = error);
      client.on('error', lost);
      try {
        await client.query('begin');
        const result = await work({
          query: async <Row>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as Row[],
        });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch((rollbackError: unknown) => (broken = rollbackError));
        throw error;
      } finally {
        client.off('error', lost);
        // A client whose connection was lost, or whose rollback failed, must not go back to the pool.
        client.release(broken instanceof Error ? broken : undefined);
      }
    });
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
