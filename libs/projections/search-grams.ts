/**
 * Free text found inside words, in Chinese as in English, by an index every
 * PostgreSQL has (GIN over a text array), PGlite's included: `pg_trgm` sees
 * no CJK under the C locale and no spaces split Chinese into words.
 *
 * A text is cut into runs: Han, kana and Hangul characters make runs of
 * their own; other letters and digits make the rest; anything else (spaces,
 * punctuation) ends a run. A CJK run is indexed by each character and each
 * pair of neighbours; any other run by each three neighbours, or whole when
 * shorter. A query word's grams are then a subset of those of every text
 * holding the word, so the index narrows and a `like` on the text decides.
 */

const cjkClass = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const cjk = new RegExp(`[${cjkClass}]`, 'u');
// Han characters are letters too: the other runs are letters, digits and marks that are not CJK.
const runs = new RegExp(`[${cjkClass}]+|(?:(?![${cjkClass}])[\\p{L}\\p{N}\\p{M}])+`, 'gu');

/** Runs of the same kind of character, CJK apart from the rest. */
const runsOf = (text: string): string[] => [...text.toLowerCase().matchAll(runs)].map((match) => match[0]);

/** Each `n` neighbours of a run, as whole characters (never half a surrogate pair). */
const ngrams = (characters: readonly string[], n: number): string[] =>
  Array.from({ length: Math.max(0, characters.length - n + 1) }, (_, i) => characters.slice(i, i + n).join(''));

/** The grams a text is indexed by, each once. */
export const searchGrams = (text: string): string[] => {
  const grams = new Set<string>();
  for (const run of runsOf(text)) {
    const characters = [...run];
    if (cjk.test(run)) {
      for (const gram of [...characters, ...ngrams(characters, 2)]) grams.add(gram);
    } else if (characters.length < 3) grams.add(run);
    else for (const gram of ngrams(characters, 3)) grams.add(gram);
  }
  return [...grams];
};

/**
 * The grams every text holding `word` has: of a CJK run its pairs (or the one
 * character), of any other run its triples. A Latin run of one or two
 * characters ("li") gives none: inside a longer word it has no gram of its
 * own, so such a word is found by the text alone, without the index.
 */
export const queryGrams = (word: string): string[] => {
  const grams = new Set<string>();
  for (const run of runsOf(word)) {
    const characters = [...run];
    if (cjk.test(run)) for (const gram of characters.length === 1 ? characters : ngrams(characters, 2)) grams.add(gram);
    else for (const gram of ngrams(characters, 3)) grams.add(gram);
  }
  return [...grams];
};
