/**
 * Keyset paging of the case list: a cursor names the last row a page showed
 * by the values it was sorted on, and the next page starts after it. Its
 * cost is the page's, wherever in a million rows it stands, and a case
 * registered meanwhile neither pushes a row onto the next page twice nor
 * hides one (as an offset would).
 */

export type CaseSort = 'registeredAt' | 'dueAt' | 'updatedAt' | 'number' | 'severity';

/** Where a page ended: the sort's key values of its last row, then its id. */
export type CaseCursor = Readonly<{ sort: CaseSort; keys: readonly (string | number)[]; id: string }>;

/** A due time a case has none of sorts last, as PostgreSQL's `infinity`. */
export const noDueTime = 'infinity';

/** The SQL each sort orders by, whole keys first and the id last, with the direction the keyset compares in. */
export const caseOrders: Readonly<Record<CaseSort, Readonly<{ keys: readonly string[]; descending: boolean }>>> = {
  registeredAt: { keys: ['registered_at'], descending: true },
  updatedAt: { keys: ['updated_at'], descending: true },
  dueAt: { keys: [`coalesce(sla_due_at, '${noDueTime}'::timestamptz)`], descending: false },
  // Numbers sort as text (right while a year has under a million cases); cases from before numbers come last.
  number: { keys: [`coalesce(number, '')`, 'registered_at'], descending: true },
  severity: {
    keys: [
      `(case severity when 'critical' then 0 when 'high' then 1 when 'normal' then 2 else 3 end)`,
      `coalesce(sla_due_at, '${noDueTime}'::timestamptz)`,
    ],
    descending: false,
  },
};

/** The key values a listed row is sorted by, as the cursor keeps them. */
export const keysOf = (
  sort: CaseSort,
  row: Readonly<{
    registeredAt: string;
    updatedAt: string;
    slaDueAt: string | null;
    number: string | null;
    severity: string;
  }>,
): (string | number)[] => {
  const due = row.slaDueAt ?? noDueTime;
  switch (sort) {
    case 'registeredAt':
      return [row.registeredAt];
    case 'updatedAt':
      return [row.updatedAt];
    case 'dueAt':
      return [due];
    case 'number':
      return [row.number ?? '', row.registeredAt];
    case 'severity':
      return [severityRank(row.severity), due];
  }
};

const severityRank = (severity: string): number => {
  const rank = ['critical', 'high', 'normal'].indexOf(severity);
  return rank === -1 ? 3 : rank;
};

export const encodeCursor = (cursor: CaseCursor): string =>
  Buffer.from(JSON.stringify([cursor.sort, cursor.keys, cursor.id])).toString('base64url');

const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** An instant as the list writes it, one the database takes: the 31st of February is not one, nor the year 0. */
const isInstant = (value: unknown): value is string =>
  typeof value === 'string' &&
  (value === noDueTime ||
    (instant.test(value) &&
      !Number.isNaN(Date.parse(value)) &&
      new Date(value).toISOString() === value &&
      value >= '1000' &&
      value < '9999'));

/** The key values each sort's cursor must hold, by type. */
const validKeys: Readonly<Record<CaseSort, (keys: readonly unknown[]) => boolean>> = {
  registeredAt: ([at, ...rest]) => rest.length === 0 && isInstant(at) && at !== noDueTime,
  updatedAt: ([at, ...rest]) => rest.length === 0 && isInstant(at) && at !== noDueTime,
  dueAt: ([due, ...rest]) => rest.length === 0 && isInstant(due),
  number: ([number, at, ...rest]) =>
    rest.length === 0 && typeof number === 'string' && number.length <= 100 && isInstant(at) && at !== noDueTime,
  severity: ([rank, due, ...rest]) =>
    rest.length === 0 && typeof rank === 'number' && [0, 1, 2, 3].includes(rank) && isInstant(due),
};

/**
 * The cursor a client sent, or undefined when it is not one this list made
 * for `sort` (a cursor from another sort, cut short or forged): the client's
 * to mend, never a query built from it.
 */
export const decodeCursor = (text: string, sort: CaseSort): CaseCursor | undefined => {
  if (text.length > 400 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
  const [cursorSort, keys, id] = parsed as unknown[];
  if (cursorSort !== sort || !Object.hasOwn(validKeys, sort) || !Array.isArray(keys) || !validKeys[sort](keys))
    return undefined;
  if (typeof id !== 'string' || id.length === 0 || id.length > 100) return undefined;
  return { sort, keys: keys as (string | number)[], id };
};
