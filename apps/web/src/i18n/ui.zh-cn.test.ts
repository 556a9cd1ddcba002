import { describe, expect, it } from 'vitest';
import { englishRuns } from '../../../../libs/support/english-runs.js';
import { quarantineReasons } from '../../../../libs/contracts/mail.js';
import { uiEn } from './ui.en.js';
import { uiZhCN } from './ui.zh-cn.js';

/** Every text of a catalogue, each with the path of its key. */
const texts = (node: unknown, path = ''): [string, string][] =>
  typeof node === 'string'
    ? [[path, node]]
    : Object.entries(node as Record<string, unknown>).flatMap(([key, child]) =>
        texts(child, path ? `${path}.${key}` : key),
      );

describe('the Chinese catalogue', () => {
  it('has no English sentence left in it', () => {
    const english = texts(uiZhCN)
      .map(([path, text]) => [path, englishRuns(text.replace(/\{\{\w+\}\}/g, ' '))] as const)
      .filter(([, runs]) => runs.length > 0);
    expect(english).toEqual([]);
  });
});

describe('English runs', () => {
  it('are three Latin words or more in a row; names, codes and short terms are not', () => {
    expect(englishRuns('li.wei 登记了投诉 CMP-2026-000001，YAML 或 JSON')).toEqual([]);
    expect(englishRuns('策略 Run the what-if 先')).toEqual(['Run the what-if']);
  });
});

describe('the words for what the API answers in codes', () => {
  it('name every reason a message is quarantined for, in both languages', () => {
    for (const catalogue of [uiEn, uiZhCN])
      expect(quarantineReasons.filter((reason) => !(reason in catalogue.admin.inbound.reason))).toEqual([]);
  });
});
