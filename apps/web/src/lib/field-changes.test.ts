import { describe, expect, it } from 'vitest';
import type { ComplaintView } from '../api/types.js';
import { i18next, initI18n } from '../i18n/index.js';
import { changeSentence, fieldChanges } from './field-changes.js';

const words = (key: string) => `«${key}»`;
const base = {
  title: 'Valve bodies leak',
  description: 'Three of forty leak',
  severity: 'normal',
  category: 'product-quality',
  owner: 'li.wei',
} as unknown as ComplaintView;

describe('the changes an event made to the case file', () => {
  it('names each field that changed, with its text before and after, codes as words', () => {
    const analysed = {
      ...base,
      analysis: {
        rootCause: 'Porous casting',
        causeCategory: 'material',
        responsibleParty: { type: 'internal', department: 'Casting' },
      },
    } as unknown as ComplaintView;
    const reanalysed = {
      ...analysed,
      owner: 'wang.fang',
      analysis: { ...analysed.analysis!, rootCause: 'Wrong degassing', causeCategory: 'method' },
    } as unknown as ComplaintView;
    expect(fieldChanges(analysed, reanalysed, words)).toEqual([
      { field: 'case.owner', before: 'li.wei', after: 'wang.fang' },
      { field: 'step.rootCause', before: 'Porous casting', after: 'Wrong degassing' },
      { field: 'step.causeCategory', before: '«domain:cause.material»', after: '«domain:cause.method»' },
    ]);
  });

  it('reads a first entry as a change from nothing, and an unchanged case as no change', () => {
    expect(fieldChanges(undefined, base, words).map((c) => [c.field, c.before])).toContainEqual([
      'register.complaintTitle',
      undefined,
    ]);
    expect(fieldChanges(base, base, words)).toEqual([]);
  });

  it('reads in Chinese as 由…改为…, the field named in words', async () => {
    await initI18n('zh-CN');
    await i18next.changeLanguage('zh-CN');
    expect(
      changeSentence({ field: 'step.rootCause', before: 'Porous casting', after: 'Wrong degassing' }, i18next.t),
    ).toBe('根本原因 由「Porous casting」改为「Wrong degassing」');
  });
});
