import type { NextFunction, Request, Response } from 'express';
import { catalogues, negotiateLocale, problemCodes, type Catalogue, type Locale, type ProblemCode } from '../../libs/i18n/index.js';

/** The language a request asked for (Accept-Language): zh, zh-CN… give Chinese, anything else English. */
export const localeOf = (request: Request): Locale => negotiateLocale(request.headers['accept-language']);
export const catalogueOf = (request: Request): Catalogue => catalogues[localeOf(request)];

const isProblemCode = (code: string): code is ProblemCode => (problemCodes as readonly string[]).includes(code);

/** A problem's title in the caller's language; codes the catalogue lacks keep the title they were raised with. */
export const problemTitle = (request: Request, code: string, title: string): string => (isProblemCode(code) ? catalogueOf(request).problem[code] : title);

/**
 * Every API answer says which language its words are in, and caches keep one
 * copy per language. Codes and field names never change with it.
 */
export const contentLanguage = (request: Request, response: Response, next: NextFunction) => {
  response.setHeader('Content-Language', localeOf(request));
  response.vary('Accept-Language');
  next();
};
