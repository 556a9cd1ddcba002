/** Saves text as a CSV file in the browser. */
export const downloadCsv = (text: string, filename: string) => {
  const link = document.createElement('a');
  // The byte-order mark tells spreadsheet programs the text is UTF-8 (Chinese headings), as the API's CSV does.
  link.href = URL.createObjectURL(
    new Blob([text.startsWith('\uFEFF') ? text : `\uFEFF${text}`], { type: 'text/csv;charset=utf-8' }),
  );
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
};
