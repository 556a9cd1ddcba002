import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { uiEn } from '../i18n/ui.en.js';
import { uiZhCN } from '../i18n/ui.zh-cn.js';
import { totalText } from './case-total.js';

describe("a list's total", () => {
  it('is the count while it is exact, and the bound with a plus past it, in each language', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'en', resources: { en: { translation: uiEn }, 'zh-CN': { translation: uiZhCN } } });
    expect(totalText(i18n.t, 'en', { total: 1, totalExact: true })).toBe('1 case');
    expect(totalText(i18n.t, 'en', { total: 120, totalExact: true })).toBe('120 cases');
    expect(totalText(i18n.t, 'en', { total: 10_000, totalExact: false })).toBe('10,000+ cases');
    await i18n.changeLanguage('zh-CN');
    expect(totalText(i18n.t, 'zh-CN', { total: 10_000, totalExact: false })).toBe('10,000 件以上');
    expect(totalText(i18n.t, 'zh-CN', { total: 51, totalExact: true })).toBe('共 51 件');
  });
});
