import { en, type Catalogue } from './catalogue.js';
import { zhCN } from './zh-cn.js';

export * from './catalogue.js';
export * from './render.js';
export { zhCN } from './zh-cn.js';

export const locales = ['en', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];

export const catalogues: Readonly<Record<Locale, Catalogue>> = { en, 'zh-CN': zhCN };

/**
 * The language of an Accept-Language header: Chinese when the caller prefers
 * any zh (zh, zh-CN, zh-Hans…) over English, English otherwise. Quality
 * values count; the order breaks ties.
 */
export const negotiateLocale = (acceptLanguage: string | undefined | null): Locale => {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim().toLowerCase(), quality: q ? Number(q.slice(2)) : 1, index };
    })
    .filter(({ tag, quality }) => tag && Number.isFinite(quality) && quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
};
