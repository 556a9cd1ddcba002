/** One CSV cell: quoted when it would break the row, and defused when a spreadsheet would run it as a formula. */
const cell = (value: unknown): string => {
  const text =
    value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** RFC 4180 CSV with a header row (the columns' names, or `header` in their place); objects in a cell are written as JSON. */
export const toCsv = (
  columns: readonly string[],
  rows: readonly Readonly<Record<string, unknown>>[],
  header: readonly string[] = columns,
): string =>
  `${[header.map(cell).join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))].join('\r\n')}\r\n`;
