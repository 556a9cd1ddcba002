import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogues, negotiateLocale, type Locale } from '../../../../libs/i18n/index.js';
import { uiEn } from './ui.en.js';
import { uiZhCN } from './ui.zh-cn.js';

const storageKey = 'qloop.language';

/** The language chosen before, else the browser's (zh… gives Chinese). */
export const initialLocale = (): Locale => {
  const chosen = localStorage.getItem(storageKey);
  if (chosen === 'en' || chosen === 'zh-CN') return chosen;
  return negotiateLocale(navigator.languages?.join(',') || navigator.language);
};

export const rememberLocale = (locale: Locale) => localStorage.setItem(storageKey, locale);

/** Two namespaces: `domain`, the catalogue the API shares (steps, events, problems…), and `ui`, this app's own words. */
export const initI18n = (locale: Locale = initialLocale()) =>
  i18next.use(initReactI18next).init({
    lng: locale,
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh-CN'],
    ns: ['ui', 'domain'],
    defaultNS: 'ui',
    interpolation: { escapeValue: false },
    resources: {
      en: { ui: uiEn, domain: catalogues.en },
      'zh-CN': { ui: uiZhCN, domain: catalogues['zh-CN'] },
    },
  });

export { i18next };
