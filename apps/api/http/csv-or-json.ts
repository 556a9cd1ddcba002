import type { Request, Response } from 'express';
import { catalogueOf } from './language.js';
import { withErasedSaid } from './open-personal-data.js';

/**
 * Answers CSV when the client asks for it (`Accept: text/csv`), JSON otherwise.
 * The CSV starts with a UTF-8 byte-order mark: without it, spreadsheet
 * programs read Chinese text as another encoding. An erased value says so
 * in the reader's language there too.
 */
export const csvOrJson = <T>(
  request: Request,
  response: Response,
  body: T,
  toCsv: (body: T) => string,
  filename: string,
): T | string => {
  if (request.accepts(['application/json', 'text/csv']) !== 'text/csv') return body;
  response.type('text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${filename}.csv"`);
  return `\uFEFF${toCsv(withErasedSaid(body, catalogueOf(request).erased))}`;
};
