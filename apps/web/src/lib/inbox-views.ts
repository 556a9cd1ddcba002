/** The inbox's saved views: each is a set of list filters, some of them about who is looking. */
export const inboxViews = ['mine', 'unassigned', 'overdue', 'escalated', 'waiting', 'all'] as const;
export type InboxView = (typeof inboxViews)[number];

export type InboxFilters = Readonly<{
  step?: string;
  severity?: string;
  supplierId?: string;
  owner?: string;
  q?: string;
}>;

/** The `GET /complaints` query of a view and its filters; open cases only, soonest due first. */
export const listQuery = (
  view: InboxView,
  filters: InboxFilters,
  me: string,
  page: { limit: number; offset: number },
) => ({
  status: 'open',
  sort: 'dueAt',
  ...filters,
  ...(view === 'mine' ? { owner: me } : {}),
  ...(view === 'unassigned' ? { unassigned: true } : {}),
  ...(view === 'overdue' ? { overdue: true } : {}),
  ...(view === 'escalated' ? { escalated: true } : {}),
  ...(view === 'waiting' ? { paused: true } : {}),
  limit: page.limit,
  offset: page.offset,
});

/** Who sees which view first: owners their own cases, everyone else every open case. */
export const defaultView = (roles: readonly string[]): InboxView =>
  roles.includes('owner') && !roles.includes('supervisor') ? 'mine' : 'all';
