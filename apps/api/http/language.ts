import type { NextFunction, Request, Response } from 'express';
import { catalogues, negotiateLocale, type Catalogue, type Locale } from '../../../libs/i18n/index.js';

/** The language a request asked for (Accept-Language): zh, zh-CN… give Chinese, anything else English. */
export const localeOf = (request: Request): Locale => negotiateLocale(request.headers['accept-language']);
export const catalogueOf = (request: Request): Catalogue => catalogues[localeOf(request)];

/**
 * Every API answer says which language its words are in, and caches keep one
 * copy per language. Codes and field names never change with it.
 */
export const contentLanguage = (request: Request, response: Response, next: NextFunction) => {
  response.setHeader('Content-Language', localeOf(request));
  response.vary('Accept-Language');
  next();
};
