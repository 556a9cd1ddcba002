import type { ComplaintQuery } from '../api/complaints.js';

/** The inbox's views: each is a set of list filters, some of them about who is looking. */
export const inboxViews = [
  'mine',
  'unassigned',
  'overdue',
  'escalated',
  'waiting',
  'all',
  'closed',
  'everything',
] as const;
export type InboxView = (typeof inboxViews)[number];

/** How a list may be sorted, as `GET /complaints` takes it. */
export const caseSorts = ['dueAt', 'registeredAt', 'updatedAt', 'number', 'severity'] as const;
export type CaseSort = (typeof caseSorts)[number];

export type InboxFilters = Readonly<{
  step?: string;
  severity?: string;
  supplierId?: string;
  owner?: string;
  q?: string;
  sort?: CaseSort;
  /** Set by a report's bar: the cases behind it. */
  causeCategory?: string;
  registeredFrom?: string;
  registeredTo?: string;
}>;

/** The filters a URL's query holds, the unknown ones dropped. */
export const filtersOf = (params: URLSearchParams): InboxFilters => {
  const sort = params.get('sort') ?? undefined;
  return {
    step: params.get('step') ?? undefined,
    severity: params.get('severity') ?? undefined,
    supplierId: params.get('supplierId') ?? undefined,
    owner: params.get('owner') ?? undefined,
    q: params.get('q') ?? undefined,
    causeCategory: params.get('causeCategory') ?? undefined,
    registeredFrom: params.get('registeredFrom') ?? undefined,
    registeredTo: params.get('registeredTo') ?? undefined,
    sort: (caseSorts as readonly string[]).includes(sort ?? '') ? (sort as CaseSort) : undefined,
  };
};

const statusOf = (view: InboxView) => (view === 'closed' ? 'closed' : view === 'everything' ? undefined : 'open');

/** The `GET /complaints` query of a view, its filters and the page after `cursor`: open views soonest due first, the others newest first. */
export const listQuery = (
  view: InboxView,
  { sort, ...filters }: InboxFilters,
  me: string,
  page: { limit: number; cursor?: string },
): ComplaintQuery =>
  // The filters come from the URL as words: a code the API does not know is its 400 to refuse, not a rule here.
  ({
    ...(statusOf(view) ? { status: statusOf(view) } : {}),
    sort: sort ?? (statusOf(view) === 'open' ? 'dueAt' : 'registeredAt'),
    ...filters,
    ...(view === 'mine' ? { owner: me } : {}),
    ...(view === 'unassigned' ? { unassigned: true } : {}),
    ...(view === 'overdue' ? { overdue: true } : {}),
    ...(view === 'escalated' ? { escalated: true } : {}),
    ...(view === 'waiting' ? { paused: true } : {}),
    limit: page.limit,
    // Keyset pages, counted up to a bound: a page costs the same among a million cases as among fifty.
    ...(page.cursor ? { cursor: page.cursor } : {}),
    count: 'bounded',
  }) as ComplaintQuery;

/** Who sees which view first: owners their own cases, auditors every case ever, the others every open case. */
export const defaultView = (roles: readonly string[]): InboxView => {
  if (roles.includes('owner') && !roles.includes('supervisor')) return 'mine';
  if (roles.includes('auditor') && !roles.some((role) => ['supervisor', 'owner'].includes(role))) return 'everything';
  return 'all';
};

/** A view a person saved: a name and the URL query it stands for. */
export type SavedView = Readonly<{ name: string; query: string }>;

const savedKey = (subject: string) => `qloop.views.${subject}`;

/** The person's saved views, kept in this browser under their name. */
export const savedViews = (subject: string, storage: Pick<Storage, 'getItem'> = localStorage): SavedView[] => {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(savedKey(subject)) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((v): v is SavedView => typeof v?.name === 'string' && typeof v?.query === 'string')
      : [];
  } catch {
    return [];
  }
};

/** Saves a view under a name (replacing one of that name); `query` undefined removes it. */
export const saveView = (
  subject: string,
  name: string,
  query: string | undefined,
  storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage,
): SavedView[] => {
  const others = savedViews(subject, storage).filter((view) => view.name !== name);
  const next = query === undefined ? others : [...others, { name, query }];
  storage.setItem(savedKey(subject), JSON.stringify(next));
  return next;
};
