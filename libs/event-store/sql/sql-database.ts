/** The little of SQL the event store needs; `pg` and PGlite each implement it. */
export interface SqlSession {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
}

export interface SqlDatabase extends SqlSession {
  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Schema names are interpolated into SQL, so only plain identifiers are accepted. */
export const quoteSchema = (schema: string): string => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  return `"${schema}"`;
};

/**
 * SQLSTATE XX001 (data_corrupted) and XX002 (index_corrupted): a page failed
 * its checksum or header check. PostgreSQL and PGlite (which initialises its
 * stores with data checksums, as PostgreSQL 18 does) raise the same codes.
 */
export const isDamagedPage = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'XX001' || code === 'XX002';
};
