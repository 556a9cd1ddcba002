import { upcastEvent } from '../contracts/upcasting.js';
import { complaintStreamId } from '../contracts/index.js';
import { quoteSchema, type EventStore } from '../event-store/index.js';
import type { RegisteredSupplier } from '../domain/index.js';
import { caseRowOf, foldCase, type EscalationFact, type RevisionedEvent } from './complaint-record.js';
import { correctiveActionsFor, type FileCase, type FileFacts } from './customer-file.js';
import { fromColumns, type ReadModels } from './read-models.js';

const fileCaseColumns =
  'id, number, title, status, step, severity, registered_at, closed_at, breached, max_escalation_level, cause_category, supplier_id, satisfaction_score, feedback_at, feedback_by_customer';

/** Streams folded at once for a file as it stood: enough to keep the store busy, few enough not to crowd it. */
const foldsAtOnce = 16;

const suppliersOf = async ({ db, schema }: ReadModels, cases: readonly FileCase[]) => {
  const ids = [...new Set(cases.flatMap((row) => (row.supplierId ? [row.supplierId] : [])))];
  if (ids.length === 0) return [];
  const rows = await db.query<{ state: RegisteredSupplier }>(
    `select state from ${quoteSchema(schema)}.supplier_scorecards where id = any($1::text[])`,
    [ids],
  );
  return rows.map((row) => row.state);
};

/** The customer's cases (those of `customerIds`), their escalations and the open corrective actions, as the read model holds them now. */
export const fileFactsNow = async (readModels: ReadModels, customerIds: readonly string[]): Promise<FileFacts> => {
  const s = quoteSchema(readModels.schema);
  const cases = (
    await readModels.db.query<Record<string, unknown>>(
      `select ${fileCaseColumns} from ${s}.complaint_cases where customer_id = any($1::text[])`,
      [customerIds],
    )
  ).map((row) => fromColumns<FileCase>(row));
  const escalations = (
    await readModels.db.query<Record<string, unknown>>(
      `select case_id, revision, level, trigger, role, at from ${s}.complaint_escalations
        where case_id in (select id from ${s}.complaint_cases where customer_id = any($1::text[]))`,
      [customerIds],
    )
  ).map((row) => fromColumns<EscalationFact>(row));
  return {
    cases,
    escalations,
    correctiveActions: correctiveActionsFor(cases, await suppliersOf(readModels, cases), null),
  };
};

/**
 * The same as the record stood at `asOf`: each case registered by then
 * folded from its own events up to that instant, as the projector would
 * have folded it.
 */
export const fileFactsThen = async (
  readModels: ReadModels,
  store: EventStore,
  customerIds: readonly string[],
  asOf: string,
): Promise<FileFacts> => {
  const ids = (
    await readModels.db.query<{ id: string }>(
      `select id from ${quoteSchema(readModels.schema)}.complaint_cases
        where customer_id = any($1::text[]) and registered_at <= $2::timestamptz order by id`,
      [customerIds, asOf],
    )
  ).map((row) => row.id);
  const cases: FileCase[] = [];
  const escalations: EscalationFact[] = [];
  const instant = Date.parse(asOf);
  for (let start = 0; start < ids.length; start += foldsAtOnce) {
    const folded = await Promise.all(
      ids.slice(start, start + foldsAtOnce).map(async (id) => {
        const events = (await store.readStream(complaintStreamId(id)))
          .filter((event) => Date.parse(event.recordedAt) <= instant)
          .map((event) => ({ ...upcastEvent(event), revision: event.revision }) as unknown as RevisionedEvent);
        return foldCase(undefined, events);
      }),
    );
    for (const facts of folded) {
      if (!facts.record) continue;
      cases.push(caseRowOf(facts.record));
      escalations.push(...facts.escalations);
    }
  }
  return {
    cases,
    escalations,
    correctiveActions: correctiveActionsFor(cases, await suppliersOf(readModels, cases), asOf),
  };
};
