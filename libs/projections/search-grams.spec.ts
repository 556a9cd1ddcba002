import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { queryGrams, searchGrams } from './search-grams.js';

/** What the index promises: every gram of a word found in a text is among the text's. */
const indexFinds = (text: string, word: string) => {
  const grams = new Set(searchGrams(text));
  return queryGrams(word).every((gram) => grams.has(gram));
};

describe('search grams', () => {
  it('finds a Chinese word inside a run of Chinese with no spaces', () => {
    assert.ok(indexFinds('阀体泄漏，客户要求更换', '泄漏'));
    assert.ok(indexFinds('阀体泄漏', '阀'));
    assert.ok(!indexFinds('阀体泄漏', '泄露'));
    assert.deepEqual(queryGrams('泄漏点'), ['泄漏', '漏点']);
  });

  it('finds part of a Latin word by its triples, in any case', () => {
    assert.ok(indexFinds('Cracked HOUSING on batch 2026-03', 'housing'));
    assert.ok(indexFinds('Cracked housing', 'rack'));
    assert.ok(indexFinds('cmp-2026-004711', '4711'));
    assert.ok(!indexFinds('cmp-2026-004711', '4712'));
  });

  it('keeps CJK and Latin apart, so a word mixing both is found where the text mixes them', () => {
    assert.ok(indexFinds('型号AB-300阀体泄漏', 'ab-300阀体'));
    assert.deepEqual(searchGrams('AB阀'), ['ab', '阀']);
  });

  it('gives no gram for a short Latin word: the text alone decides it', () => {
    assert.deepEqual(queryGrams('li'), []);
    assert.deepEqual(queryGrams('li.wei'), ['wei']);
    assert.ok(searchGrams('li.wei').includes('li'));
  });

  it('cuts characters whole: a character outside the BMP is one character, not two halves', () => {
    const grams = searchGrams('𠮷野家');
    assert.deepEqual(grams, ['𠮷', '野', '家', '𠮷野', '野家']);
    for (const gram of grams) assert.doesNotMatch(gram, /\p{Cs}/u);
  });

  it('indexes each gram once', () => {
    const grams = searchGrams('aaaa aaaa 漏漏漏');
    assert.equal(new Set(grams).size, grams.length);
  });
});
