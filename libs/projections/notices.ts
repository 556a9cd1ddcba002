import type { ComplaintEvent, ComplaintState, RegisteredComplaint } from '../domain/index.js';
import { quoteSchema } from '../event-store/index.js';
import { fromColumns, type ReadModels } from './read-models.js';

/** What a notice in the bell says happened. */
export const noticeKinds = [
  'assigned',
  'sla-warning',
  'sla-breached',
  'escalated',
  'customer-answered',
  'customer-wrote',
] as const;
export type NoticeKind = (typeof noticeKinds)[number];

/** One thing that concerns someone: a person by their id, or everyone who holds a role (an escalation's rung). */
export type NoticeFact = Readonly<{
  caseId: string;
  revision: number;
  /** Its event's place in the store's global order: what "read up to" counts by, the same after a rebuild. */
  position: number;
  kind: NoticeKind;
  person: string | null;
  role: string | null;
  level: number | null;
  at: string;
}>;

/**
 * The notice an event of a case gives, if any: the case became someone's
 * (not by their own hand), its clock warned or breached (its owner's), it was
 * escalated (to the rung's person, else its role), the customer answered
 * through their link or wrote (the owner's).
 */
export const noticeOf = (
  before: ComplaintState,
  after: RegisteredComplaint,
  event: ComplaintEvent & Readonly<{ revision: number; position?: number }>,
): NoticeFact | undefined => {
  const fact = (
    kind: NoticeKind,
    person: string | undefined,
    role: string | null = null,
    level: number | null = null,
  ) =>
    person === undefined && role === null
      ? undefined
      : {
          caseId: after.id,
          revision: event.revision,
          position: event.position ?? -1,
          kind,
          person: person ?? null,
          role,
          level,
          at: event.data.at,
        };
  switch (event.type) {
    case 'ComplaintIdentified':
    case 'ComplaintReassigned': {
      const owner = after.owner;
      const already = before.status !== 'unregistered' ? before.owner : undefined;
      return owner && owner !== event.data.by && owner !== already ? fact('assigned', owner) : undefined;
    }
    case 'SlaWarningIssued':
      return fact('sla-warning', after.owner);
    case 'SlaBreached':
      return fact('sla-breached', after.owner);
    case 'ComplaintEscalated':
      return fact('escalated', event.data.person, event.data.role, event.data.level);
    case 'CustomerFeedbackRecorded':
      return event.data.linkId ? fact('customer-answered', after.owner) : undefined;
    case 'CustomerMessageReceived':
      return fact('customer-wrote', after.owner);
    default:
      return undefined;
  }
};

/** A notice as the bell lists it: with its case's number and title. */
export type Notice = Readonly<{
  caseId: string;
  position: number;
  number: string | null;
  title: string;
  kind: NoticeKind;
  level: number | null;
  role: string | null;
  at: string;
}>;

/** Whom the bell is for: their id, and every role they hold (their token's and the people directory's rungs). */
export type NoticeReader = Readonly<{ person: string; roles: readonly string[] }>;

/**
 * The newest notices for a reader, and how many came after `readUpTo` (a
 * position in the store's global order):
 * what names them, and what reached a role of theirs without naming anyone.
 */
export const noticesFor = async (
  { db, schema }: ReadModels,
  { person, roles }: NoticeReader,
  readUpTo: number | undefined,
  limit = 20,
): Promise<{ items: Notice[]; unread: number }> => {
  const s = quoteSchema(schema);
  const concerns = `(n.person = $1 or (n.person is null and n.role = any($2::text[])))`;
  const rows = await db.query<Record<string, unknown>>(
    `select n.case_id, n.position, c.number, c.title, n.kind, n.level, n.role, n.at
       from ${s}.complaint_notices n join ${s}.complaint_cases c on c.id = n.case_id
      where ${concerns}
      order by n.position desc
      limit $3`,
    [person, [...roles], limit],
  );
  const [count] = await db.query<{ unread: string | number }>(
    `select count(*) as unread from ${s}.complaint_notices n where ${concerns} and n.position > $3`,
    [person, [...roles], readUpTo ?? -1],
  );
  return {
    items: rows.map((row) => fromColumns<Notice>({ ...row, position: Number(row.position) })),
    unread: Number(count?.unread ?? 0),
  };
};
