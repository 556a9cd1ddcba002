/** Saves text as a file in the browser. */
const download = (blob: Blob, filename: string) => {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
};

/** Saves text as a CSV file in the browser. */
export const downloadCsv = (text: string, filename: string) =>
  // The byte-order mark tells spreadsheet programs the text is UTF-8 (Chinese headings), as the API's CSV does.
  download(
    new Blob([text.startsWith('\uFEFF') ? text : `\uFEFF${text}`], { type: 'text/csv;charset=utf-8' }),
    filename,
  );

/** Saves a value as a readable JSON file in the browser. */
export const downloadJson = (value: unknown, filename: string) =>
  download(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }), filename);
