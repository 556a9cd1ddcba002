import { quoteSchema, type SqlDatabase } from './sql-database.js';

type Migration = Readonly<{ version: number; name: string; statements: (schema: string) => string[] }>;

/** Append-only: a shipped migration is never edited, a change is a new one. */
const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'streams and events',
    statements: (s) => [
      `create table ${s}.streams (
         stream_id text primary key,
         revision bigint not null,
         last_hash text
       )`,
      `create table ${s}.events (
         position bigint generated always as identity primary key,
         stream_id text not null,
         revision bigint not null,
         event_id uuid not null unique,
         type text not null,
         data jsonb not null,
         metadata jsonb not null,
         schema_version integer not null,
         recorded_at timestamptz not null,
         prev_hash text,
         hash text not null,
         unique (stream_id, revision)
       )`,
      `create index events_type_idx on ${s}.events (type, position)`,
      `create index events_category_idx on ${s}.events (split_part(stream_id, '-', 1), position)`,
    ],
  },
];

export const migrate = async (db: SqlDatabase, schema: string): Promise<void> => {
  const s = quoteSchema(schema);
  await db.transaction(async (tx) => {
    // Two processes starting at once must not both run a migration.
    await tx.query(`select pg_advisory_xact_lock(hashtext($1))`, [`qloop.migrate.${schema}`]);
    await tx.query(`create schema if not exists ${s}`);
    await tx.query(
      `create table if not exists ${s}.schema_migrations (
         version integer primary key,
         name text not null,
         applied_at timestamptz not null default now()
       )`,
    );
    const applied = new Set(
      (await tx.query<{ version: number }>(`select version from ${s}.schema_migrations`)).map((row) => Number(row.version)),
    );
    for (const migration of migrations.filter((m) => !applied.has(m.version))) {
      for (const statement of migration.statements(s)) await tx.query(statement);
      await tx.query(`insert into ${s}.schema_migrations (version, name) values ($1, $2)`, [migration.version, migration.name]);
    }
  });
};
