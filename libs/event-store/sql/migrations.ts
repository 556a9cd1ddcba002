import { quoteSchema, type SqlDatabase } from './sql-database.js';

export type Migration = Readonly<{ version: number; name: string; statements: (schema: string) => string[] }>;

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
  {
    version: 2,
    name: 'append in one statement',
    // One round trip per append: the ordering lock, the retry check, the
    // revision and hash check and the insert all happen server-side. Hashes
    // come from the caller, which chains them from the stream's last hash.
    statements: (s) => [
      `create function ${s}.append_events(p_stream text, p_expected bigint, p_prev_hash text, p_events jsonb, p_recorded_at timestamptz, p_replay_anywhere boolean)
       returns table (outcome text, stream_revision bigint, last_position bigint)
       language plpgsql as $fn$
       declare
         v_count int := jsonb_array_length(p_events);
         v_current bigint;
         v_last_hash text;
         v_first record;
         v_matching int;
         v_last_position bigint;
       begin
         perform pg_advisory_xact_lock(7301973);
         insert into ${s}.streams (stream_id, revision) values (p_stream, -1) on conflict do nothing;
         select st.revision, st.last_hash into v_current, v_last_hash from ${s}.streams st where st.stream_id = p_stream for update;

         select e.stream_id, e.revision into v_first from ${s}.events e where e.event_id = (p_events->0->>'id')::uuid;
         if found then
           select count(*), max(e.position) into v_matching, v_last_position
             from jsonb_array_elements(p_events) with ordinality as x(ev, n)
             join ${s}.events e on e.event_id = (x.ev->>'id')::uuid and e.stream_id = p_stream and e.revision = v_first.revision + x.n - 1;
           if v_first.stream_id = p_stream and v_matching = v_count and (p_replay_anywhere or v_first.revision = p_expected + 1) then
             return query select 'replayed'::text, v_first.revision + v_count - 1, v_last_position;
           else
             return query select 'duplicate'::text, v_current, null::bigint;
           end if;
           return;
         end if;

         if v_current <> p_expected or v_last_hash is distinct from p_prev_hash then
           delete from ${s}.streams st where st.stream_id = p_stream and st.revision = -1;
           return query select 'conflict'::text, v_current, null::bigint;
           return;
         end if;

         with inserted as (
           insert into ${s}.events (stream_id, revision, event_id, type, data, metadata, schema_version, recorded_at, prev_hash, hash)
           select p_stream, p_expected + x.n, (x.ev->>'id')::uuid, x.ev->>'type', x.ev->'data', x.ev->'metadata',
                  (x.ev->>'schemaVersion')::int, p_recorded_at, x.ev->>'prevHash', x.ev->>'hash'
           from jsonb_array_elements(p_events) with ordinality as x(ev, n)
           order by x.n
           returning position
         )
         select max(position) into v_last_position from inserted;
         update ${s}.streams st set revision = p_expected + v_count, last_hash = p_events->(v_count - 1)->>'hash' where st.stream_id = p_stream;
         return query select 'appended'::text, p_expected + v_count, v_last_position;
       end
       $fn$`,
    ],
  },
];

export const migrate = (db: SqlDatabase, schema: string): Promise<void> => runMigrations(db, schema, migrations);

/** Applies, in one transaction, the migrations `schema` has not had yet; each schema keeps its own record. */
export const runMigrations = async (
  db: SqlDatabase,
  schema: string,
  migrations: readonly Migration[],
): Promise<void> => {
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
      (await tx.query<{ version: number }>(`select version from ${s}.schema_migrations`)).map((row) =>
        Number(row.version),
      ),
    );
    for (const migration of migrations.filter((m) => !applied.has(m.version))) {
      for (const statement of migration.statements(s)) await tx.query(statement);
      await tx.query(`insert into ${s}.schema_migrations (version, name) values ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    }
  });
};
