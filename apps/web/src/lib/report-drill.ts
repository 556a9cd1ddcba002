type Row = Readonly<Record<string, string | number | boolean | null>>;
/** What a click on a chart names: the bar's series and its place on the axis. */
export type ChartPoint = Readonly<{ seriesId?: string; dataIndex: number; name?: string }>;
export type Period = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** The period a report row's label starts (a UTC date, as the reports group by), as the instants it begins and ends. */
const periodBounds = (start: string, period: Period) => {
  const [y, m, d] = start.slice(0, 10).split('-').map(Number) as [number, number, number];
  const months = { month: 1, quarter: 3, year: 12 } as Partial<Record<Period, number>>;
  const days = { day: 1, week: 7 } as Partial<Record<Period, number>>;
  const from = Date.UTC(y, m - 1, d);
  const to = Date.UTC(y, m - 1 + (months[period] ?? 0), d + (days[period] ?? 0));
  return { registeredFrom: new Date(from).toISOString(), registeredTo: new Date(to).toISOString() };
};

/**
 * The inbox query that lists the cases behind a bar of a report section:
 * every case (open and closed) with that cause, or of that severity
 * registered in that period; undefined where a bar has no cases of its own.
 */
export const drillDown = (
  section: string,
  rows: readonly Row[],
  point: ChartPoint,
  period: Period,
): URLSearchParams | undefined => {
  const query = new URLSearchParams({ view: 'everything' });
  if (section === 'causePareto') {
    const cause = rows[point.dataIndex]?.causeCategory;
    if (typeof cause !== 'string') return undefined;
    query.set('causeCategory', cause);
    return query;
  }
  if (section === 'slaCompliance') {
    const periods = [...new Set(rows.map((row) => String(row.period)))];
    const start = periods[point.dataIndex];
    if (!start || !point.seriesId) return undefined;
    query.set('severity', point.seriesId);
    for (const [key, value] of Object.entries(periodBounds(start, period))) query.set(key, value);
    return query;
  }
  return undefined;
};
