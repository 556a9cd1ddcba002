import { createHash } from 'node:crypto';
import { customerIdOf } from '../support/customer-ref.js';
import { upcastEvent } from '../contracts/upcasting.js';
import { complaintEntity, customerEntity, supplierEntity } from '../contracts/index.js';
import type { SlaPolicy } from '../domain/index.js';
import { quoteSchema, type SqlDatabase, type SqlSession, type StoredEvent } from '../event-store/index.js';
import { caseRowOf, foldCase, type CaseRecord, type RevisionedEvent } from './complaint-record.js';
import { isoOf, writeRows } from './read-models.js';
import { escalationTally, stepTally, tallyCases, waitTally } from './report-tallies.js';
import { searchGrams } from './search-grams.js';
import { sealedAsErased, type PersonalKeys, type PersonalText } from './personal-text.js';
import { erasedMark } from '../domain/personal.js';
import { customerRowOf, foldCustomer, type CustomerRecord, type RevisionedCustomerEvent } from './customer-record.js';
import { foldSupplier, scorecardRowOf, type RevisionedSupplierEvent, type SupplierRecord } from './supplier-record.js';

/** An entity as a read model holds it: its state folded up to a revision. */
export type EntityRecord<S = unknown> = Readonly<{ state: S; revision: number }>;

/** One read model: the stream category it folds, and how a batch of its events lands in its tables. */
export type Projection<S = unknown> = Readonly<{
  category: string;
  /** Applies events (in global order, of this category) inside the projector's transaction. */
  apply: (tx: SqlSession, schema: string, events: readonly StoredEvent[], keys: PersonalKeys) => Promise<void>;
  /** The entities' records as last folded, by id: where the API reads an entity now, and the projector goes on from. */
  records: (session: SqlSession, schema: string, ids: readonly string[]) => Promise<Map<string, EntityRecord<S>>>;
}>;

/** The id after the category: `complaint-<id>` → `<id>`. */
const entityIdOf = (streamId: string): string => streamId.slice(streamId.indexOf('-') + 1);

/** A batch's events stream by stream, each in order, as the domain events the folds take. */
const byEntity = <E>(events: readonly StoredEvent[]): Map<string, (E & { revision: number })[]> => {
  const groups = new Map<string, (E & { revision: number })[]>();
  for (const stored of events) {
    const { type, data } = upcastEvent(stored);
    const id = entityIdOf(stored.streamId);
    const group = groups.get(id) ?? [];
    if (group.length === 0) groups.set(id, group);
    group.push({ type, data, revision: stored.revision, position: stored.position } as unknown as E & {
      revision: number;
    });
  }
  return groups;
};

/**
 * Loads the records of `ids`, folds each one's new events (those past the
 * revision it already holds, so applying a batch twice changes nothing) and
 * writes the rows and facts back: one read and a few writes per batch.
 */
const projectEntities = async <
  Rec extends { revision: number },
  Ev extends { revision: number },
  Facts extends { record: Rec | undefined },
>(
  events: readonly StoredEvent[],
  load: (ids: string[]) => Promise<Map<string, Rec>>,
  fold: (record: Rec | undefined, events: Ev[]) => Facts,
  write: (results: Facts[]) => Promise<void>,
): Promise<void> => {
  const groups = byEntity<Omit<Ev, 'revision'>>(events);
  const records = await load([...groups.keys()]);
  const results = [...groups].map(([id, entityEvents]) => {
    const record = records.get(id);
    return fold(
      record,
      (entityEvents as Ev[]).filter((event) => record === undefined || event.revision > record.revision),
    );
  });
  await write(results);
};

type CaseRecordRow = {
  id: string;
  state: CaseRecord['state'];
  revision: number;
  step_entered_at: Date | string;
  max_escalation_level: number;
  wait_counted_until: Date | string | null;
  /** The policy the case runs under, kept once in sla_policies; null for a row written with the policy in its state. */
  sla_policy: SlaPolicy | null;
};

/**
 * A case's state as its row keeps it: the SLA policy (a kilobyte, the same
 * for most cases) goes to sla_policies once, by the hash of its JSON, and the
 * state keeps the rest. Writing each case's state is most of a rebuild.
 */
const withoutPolicy = (state: CaseRecord['state'], policies: Map<string, { id: string; policy: SlaPolicy }>) => {
  const json = JSON.stringify(state.sla.policy);
  let kept = policies.get(json);
  if (kept === undefined) {
    kept = { id: createHash('sha256').update(json).digest('base64url'), policy: state.sla.policy };
    policies.set(json, kept);
  }
  const { policy: _kept, ...sla } = state.sla;
  return { state: { ...state, sla }, slaPolicyId: kept.id };
};

const withPolicy = (row: CaseRecordRow): CaseRecord['state'] =>
  row.sla_policy === null ? row.state : { ...row.state, sla: { ...row.state.sla, policy: row.sla_policy } };

/**
 * A case's record folded before customers were entities holds the customer
 * as typed: read as naming the customer made from it, as its registration now
 * reads (the upcaster), so a later fold keeps the case in its customer's file.
 * Here, not in the contract's `upcastState`: the workflows carry no customer ids.
 */
const withCustomerId = (state: CaseRecord['state']): CaseRecord['state'] => {
  const id = customerIdOf(state.customer);
  return id === state.customer.id ? state : { ...state, customer: { ...state.customer, id } };
};

/** The cases' records as the read model last folded them, by id. */
const loadCaseRecords = async (
  session: SqlSession,
  schema: string,
  ids: readonly string[],
): Promise<Map<string, CaseRecord>> => {
  const s = quoteSchema(schema);
  const rows = await session.query<CaseRecordRow>(
    `select c.id, c.state, c.revision, c.step_entered_at, c.max_escalation_level, c.wait_counted_until, p.policy as sla_policy
       from ${s}.complaint_cases c left join ${s}.sla_policies p on p.id = c.sla_policy_id
      where c.id = any($1::text[])`,
    [ids],
  );
  return new Map(
    rows.map((row) => [
      row.id,
      {
        state: withCustomerId(complaintEntity.upcastState(withPolicy(row))),
        revision: Number(row.revision),
        stepEnteredAt: isoOf(row.step_entered_at)!,
        maxEscalationLevel: Number(row.max_escalation_level),
        ...(row.wait_counted_until ? { waitCountedUntil: isoOf(row.wait_counted_until)! } : {}),
      },
    ]),
  );
};

/** The suppliers' records as the read model last folded them, by id. */
const loadSupplierRecords = async (
  session: SqlSession,
  schema: string,
  ids: readonly string[],
): Promise<Map<string, SupplierRecord>> => {
  const rows = await session.query<{ id: string; state: SupplierRecord['state']; revision: number }>(
    `select id, state, revision from ${quoteSchema(schema)}.supplier_scorecards where id = any($1::text[])`,
    [ids],
  );
  return new Map(
    rows.map((row) => [row.id, { state: supplierEntity.upcastState(row.state), revision: Number(row.revision) }]),
  );
};

/** The cases' rows with what their columns show and search: the customer, and a description sealed as personal. */
const caseRowsOf = async (tx: SqlSession, schema: string, records: readonly CaseRecord[], keys: PersonalKeys) => {
  const text = await keys.textsOf(
    records.map(({ state }) => [state.customer, state.description]),
    tx,
  );
  const erased = await erasedPeople(
    tx,
    schema,
    records.map((record) => record.state.customer.id ?? ''),
  );
  return records.map((record) =>
    caseRowOf(record, erased.has(record.state.customer.id ?? '') ? () => erasedMark : text),
  );
};

export const complaintProjection: Projection<CaseRecord['state']> = {
  category: 'complaint',
  records: loadCaseRecords,
  apply: (tx, schema, events, keys) =>
    projectEntities<CaseRecord, RevisionedEvent, ReturnType<typeof foldCase>>(
      events,
      (ids) => loadCaseRecords(tx, schema, ids),
      foldCase,
      async (results) => {
        const records = results.flatMap((result) => (result.record ? [result.record] : []));
        const policies = new Map<string, { id: string; policy: SlaPolicy }>();
        const rows = (await caseRowsOf(tx, schema, records, keys)).map((row, i) => ({
          ...row,
          ...withoutPolicy(records[i]!.state, policies),
          waitCountedUntil: records[i]!.waitCountedUntil ?? null,
        }));
        await writeRows(tx, schema, 'sla_policies', [...policies.values()], { key: ['id'], replace: false });
        // What the cases added to the report's tallies is taken back, and what they add now added.
        const ids = rows.map((row) => row.id);
        await tallyCases(tx, quoteSchema(schema), ids, -1);
        await writeRows(tx, schema, 'complaint_cases', rows, { key: ['id'], replace: true });
        await tallyCases(tx, quoteSchema(schema), ids, 1);
        await writeRows(
          tx,
          schema,
          'complaint_step_intervals',
          results.flatMap((result) => result.intervals),
          { key: ['case_id', 'revision'], replace: false, tally: stepTally },
        );
        await writeRows(
          tx,
          schema,
          'complaint_escalations',
          results.flatMap((result) => result.escalations),
          { key: ['case_id', 'revision'], replace: false, tally: escalationTally },
        );
        await writeRows(
          tx,
          schema,
          'complaint_notices',
          results.flatMap((result) => result.notices),
          { key: ['case_id', 'revision'], replace: false },
        );
        await writeRows(
          tx,
          schema,
          'complaint_waits',
          results.flatMap((result) => result.waits),
          { key: ['case_id', 'revision'], replace: false, tally: waitTally },
        );
        await writeRows(
          tx,
          schema,
          'feedback_links',
          results.flatMap((result) => result.links),
          { key: ['token_hash'], replace: false },
        );
      },
    ),
};

export const supplierProjection: Projection<SupplierRecord['state']> = {
  category: 'supplier',
  records: loadSupplierRecords,
  apply: (tx, schema, events) =>
    projectEntities<SupplierRecord, RevisionedSupplierEvent, ReturnType<typeof foldSupplier>>(
      events,
      (ids) => loadSupplierRecords(tx, schema, ids),
      foldSupplier,
      async (results) => {
        const records = results.flatMap((result) => (result.record ? [result.record] : []));
        await writeRows(
          tx,
          schema,
          'supplier_scorecards',
          records.map((record) => ({ ...scorecardRowOf(record), state: record.state })),
          { key: ['id'], replace: true },
        );
        await writeRows(
          tx,
          schema,
          'supplier_evaluations',
          results.flatMap((result) => result.evaluations),
          { key: ['supplier_id', 'evaluation_id'], replace: false },
        );
      },
    ),
};

/** The customers' records as the read model last folded them, by id. */
const loadCustomerRecords = async (
  session: SqlSession,
  schema: string,
  ids: readonly string[],
): Promise<Map<string, CustomerRecord>> => {
  const rows = await session.query<{ id: string; state: CustomerRecord['state']; revision: number }>(
    `select id, state, revision from ${quoteSchema(schema)}.customers where id = any($1::text[])`,
    [ids],
  );
  return new Map(
    rows.map((row) => [row.id, { state: customerEntity.upcastState(row.state), revision: Number(row.revision) }]),
  );
};

export const customerProjection: Projection<CustomerRecord['state']> = {
  category: 'customer',
  records: loadCustomerRecords,
  apply: (tx, schema, events, keys) =>
    projectEntities<CustomerRecord, RevisionedCustomerEvent, ReturnType<typeof foldCustomer>>(
      events,
      (ids) => loadCustomerRecords(tx, schema, ids),
      foldCustomer,
      async (results) => {
        const records = results.flatMap((result) => (result.record ? [result.record] : []));
        // The key goes with the erasure's projection, in its transaction: the rows scrubbed and the key gone at once.
        for (const { record } of results.filter((result) => result.erased))
          await eraseCustomer(tx, schema, record!.state, keys);
        const text = await keys.textsOf(
          records.map((record) => record.state),
          tx,
        );
        await writeRows(
          tx,
          schema,
          'customers',
          records.map((record) => customerRowOf(record, text)),
          { key: ['id'], replace: true },
        );
      },
    ),
};

/**
 * The people among these customers who were erased: a case of theirs keeps
 * no name of theirs in its columns, even one recorded before names were
 * sealed, however often the case moves on afterwards.
 */
const erasedPeople = async (tx: SqlSession, schema: string, customerIds: string[]): Promise<Set<string>> =>
  new Set(
    (
      await tx.query<{ id: string }>(
        `select id from ${quoteSchema(schema)}.customers
          where id = any($1::text[]) and kind = 'person' and (state -> 'erased') is not null`,
        [[...new Set(customerIds)]],
      )
    ).map((row) => row.id),
  );

/**
 * A customer erased: its data key destroyed, and the rows of its complaints
 * keep no personal value of it in the columns they list and search by (their
 * states hold the values sealed, which nothing opens now).
 */
const eraseCustomer = async (
  tx: SqlSession,
  schema: string,
  { id: customerId, kind }: CustomerRecord['state'],
  keys: PersonalKeys,
) => {
  await keys.destroy(customerId, tx);
  // A person's name goes whatever it was recorded as (text from before sealing too); a company's stays.
  const text: PersonalText = kind === 'person' ? () => erasedMark : sealedAsErased;
  const t = `${quoteSchema(schema)}.complaint_cases`;
  const ids = (await tx.query<{ id: string }>(`select id from ${t} where customer_id = $1`, [customerId])).map(
    (row) => row.id,
  );
  for (const record of (await loadCaseRecords(tx, schema, ids)).values()) {
    const { customerName, search, searchGrams } = caseRowOf(record, text);
    await tx.query(`update ${t} set customer_name = $2, search = $3, search_grams = $4 where id = $1`, [
      record.state.id,
      customerName,
      search,
      searchGrams,
    ]);
  }
};

/**
 * Gives a batch of the rows written before words were indexed (migration 9)
 * their grams, from the text they are searched by; answers how many. The
 * projector calls it between its batches until none is left: until then a
 * free-text search passes those rows by.
 */
export const fillSearchGrams = async (
  db: Pick<SqlDatabase, 'transaction'>,
  schema: string,
  batchSize = 1000,
): Promise<number> =>
  db.transaction(async (tx) => {
    const t = `${quoteSchema(schema)}.complaint_cases`;
    const rows = await tx.query<{ id: string; search: string }>(
      `select id, search from ${t} where search_grams is null order by id limit ${batchSize} for update skip locked`,
    );
    if (rows.length > 0)
      await tx.query(
        `update ${t} c set search_grams = filled.grams
           from jsonb_to_recordset($1::jsonb) as filled(id text, grams text[]) where c.id = filled.id`,
        [JSON.stringify(rows.map((row) => ({ id: row.id, grams: searchGrams(row.search) })))],
      );
    return rows.length;
  });

export const allProjections: readonly Projection[] = [
  complaintProjection,
  supplierProjection,
  customerProjection,
] as readonly Projection[];

/** The read model of an entity's category: where its records are kept. */
export const projectionOf = (category: string): Projection => {
  const projection = allProjections.find((candidate) => candidate.category === category);
  if (!projection) throw new Error(`No read model keeps the ${category} records`);
  return projection;
};
