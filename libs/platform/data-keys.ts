import { quoteSchema, runMigrations, type Migration, type SqlDatabase, type SqlSession } from '../event-store/index.js';
import { isSealed, newDataKey, seal, unseal, type Sealed } from '../support/envelope.js';

/** Where the data keys live: beside the event store's tables, in a schema of their own. */
export const keySchemaOf = (storeSchema = 'public'): string =>
  storeSchema === 'public' ? 'data_keys' : `${storeSchema}_keys`;

/** The master key is not the one the keys were wrapped with: nothing may be read, or written under another. */
export class WrongMasterKey extends Error {
  constructor() {
    super(
      'The data key table was written under another master key: refusing to start rather than write personal data under a new one',
    );
    this.name = 'WrongMasterKey';
  }
}

/** The data key of a subject whose data was erased: gone for good. */
export class KeyDestroyed extends Error {
  constructor(readonly keyId: string) {
    super(`The data key ${keyId} was destroyed`);
    this.name = 'KeyDestroyed';
  }
}

/** Append-only, as the event store's: a change is a new migration. */
const keyMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'data keys wrapped by the master key, and the check of the master key',
    statements: (s) => [
      `create table ${s}.data_keys (
         key_id text primary key,
         wrapped jsonb,
         created_at timestamptz not null default now(),
         destroyed_at timestamptz
       )`,
      `create table ${s}.master_key_check (id integer primary key, check_value jsonb not null)`,
    ],
  },
];

/** What the master key seals in the check row: opening it proves the key is the one the table was written under. */
const checkText = 'qloop master key check';
const masterKeyId = (keyId: string) => `master:${keyId}`;
const cacheMs = 5_000;

/**
 * One data key per subject (a customer), made on first use, kept wrapped by
 * the master key; destroying it keeps a row that says so (so it is never
 * made afresh) and no key. Unwrapped keys are kept in memory, not on disk.
 */
export class DataKeys {
  private readonly s: string;
  /**
   * Unwrapped keys, for a few seconds: long enough that a page of reads
   * unwraps each once, short enough that a key another process destroyed
   * stops opening anything here soon after.
   */
  private readonly cache = new Map<string, { key: Uint8Array; until: number }>();

  private constructor(
    private readonly db: SqlDatabase,
    schema: string,
    private readonly master: Uint8Array,
  ) {
    this.s = quoteSchema(schema);
  }

  /** Opens the key table; a master key that does not open its check is refused before anything is written under it. */
  static async open(db: SqlDatabase, schema: string, master: Uint8Array): Promise<DataKeys> {
    await runMigrations(db, schema, keyMigrations);
    const keys = new DataKeys(db, schema, master);
    await keys.verifyMaster();
    return keys;
  }

  private async verifyMaster(): Promise<void> {
    const read = async () =>
      (
        await this.db.query<{ check_value: unknown }>(`select check_value from ${this.s}.master_key_check where id = 1`)
      )[0];
    let row = await read();
    if (!row) {
      await this.db.query(
        `insert into ${this.s}.master_key_check (id, check_value) values (1, $1::jsonb) on conflict do nothing`,
        [JSON.stringify(seal(this.master, 'master:check', checkText))],
      );
      row = await read();
    }
    if (!this.opens(row?.check_value, checkText)) throw new WrongMasterKey();
  }

  private opens(value: unknown, expected: string): boolean {
    try {
      return isSealed(value) && unseal(this.master, value) === expected;
    } catch {
      return false;
    }
  }

  private unwrap(wrapped: Sealed): Uint8Array {
    return new Uint8Array(Buffer.from(unseal(this.master, wrapped), 'base64url'));
  }

  private cached(keyId: string): Uint8Array | undefined {
    const entry = this.cache.get(keyId);
    if (entry && entry.until > Date.now()) return entry.key;
    this.cache.delete(keyId);
    return undefined;
  }

  /**
   * The subject's data key, made on first use; `KeyDestroyed` once its data
   * was erased. `session`: a transaction to read and write in (an embedded
   * database serves one at a time, so a query beside it would wait for ever).
   */
  async keyFor(keyId: string, session: SqlSession = this.db): Promise<Uint8Array> {
    const cached = this.cached(keyId);
    if (cached) return cached;
    const existing = await this.key(keyId, session);
    if (existing) return existing;
    const made = newDataKey();
    await session.query(
      `insert into ${this.s}.data_keys (key_id, wrapped) values ($1, $2::jsonb) on conflict (key_id) do nothing`,
      [keyId, JSON.stringify(seal(this.master, masterKeyId(keyId), Buffer.from(made).toString('base64url')))],
    );
    // Another process may have made it first: theirs is the key.
    const kept = await this.key(keyId, session);
    if (!kept) throw new KeyDestroyed(keyId);
    return kept;
  }

  /** The subject's data key if it has one; `KeyDestroyed` once destroyed. */
  async key(keyId: string, session: SqlSession = this.db): Promise<Uint8Array | undefined> {
    const cached = this.cached(keyId);
    if (cached) return cached;
    const [row] = await session.query<{ wrapped: Sealed | null; destroyed_at: unknown }>(
      `select wrapped, destroyed_at from ${this.s}.data_keys where key_id = $1`,
      [keyId],
    );
    if (!row) return undefined;
    if (row.wrapped === null) throw new KeyDestroyed(keyId);
    const key = this.unwrap(row.wrapped);
    this.cache.set(keyId, { key, until: Date.now() + cacheMs });
    return key;
  }

  /**
   * The keys as the table holds them now, read afresh in one query (not from
   * the cache: a key another process destroyed a moment ago opens nothing
   * here); undefined for one destroyed or never made.
   */
  async current(
    keyIds: readonly string[],
    session: SqlSession = this.db,
  ): Promise<Map<string, Uint8Array | undefined>> {
    const found = new Map<string, Uint8Array | undefined>(keyIds.map((keyId) => [keyId, undefined]));
    if (keyIds.length === 0) return found;
    const rows = await session.query<{ key_id: string; wrapped: Sealed | null }>(
      `select key_id, wrapped from ${this.s}.data_keys where key_id = any($1::text[])`,
      [[...keyIds]],
    );
    for (const { key_id, wrapped } of rows) if (wrapped !== null) found.set(key_id, this.unwrap(wrapped));
    return found;
  }

  /** Destroys the subject's data key, for good: what was sealed under it can never be read again. */
  async destroy(keyId: string, session: SqlSession = this.db): Promise<void> {
    this.cache.delete(keyId);
    await session.query(
      `insert into ${this.s}.data_keys (key_id, wrapped, destroyed_at) values ($1, null, now())
       on conflict (key_id) do update set wrapped = null, destroyed_at = coalesce(${this.s}.data_keys.destroyed_at, now())`,
      [keyId],
    );
  }
}
