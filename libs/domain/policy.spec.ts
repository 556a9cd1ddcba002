import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import { InvalidPolicy } from './policy.js';
import { defaultSlaPolicyDocument, parseSlaPolicy } from './sla/sla-policy.js';
import { defaultEvaluationPolicyDocument, parseEvaluationPolicy } from './supplier/evaluation-policy.js';

/** The document with one value, somewhere down to four levels deep, replaced by anything at all. */
const mutated = (document: object) =>
  fc.tuple(fc.anything(), fc.array(fc.nat(), { minLength: 1, maxLength: 4 })).map(([value, choices]) => {
    const copy = structuredClone(document) as Record<string, unknown>;
    let at: Record<string, unknown> = copy;
    for (const [depth, choice] of choices.entries()) {
      const keys = Object.keys(at);
      if (keys.length === 0) break;
      const key = keys[choice % keys.length]!;
      const next = at[key];
      if (depth === choices.length - 1 || typeof next !== 'object' || next === null) {
        at[key] = value;
        break;
      }
      at = next as Record<string, unknown>;
    }
    return copy;
  });

/** Policies come from files and, now, from request bodies: whatever arrives, the answer is a list of problems, never a crash. */
describe('policy documents of any shape', () => {
  for (const [name, parse, document] of [
    ['SLA', parseSlaPolicy, defaultSlaPolicyDocument],
    ['supplier evaluation', parseEvaluationPolicy, defaultEvaluationPolicyDocument],
  ] as const) {
    it(`${name}: parses or names its problems, and nothing else`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.anything(), mutated(document)), (candidate) => {
          try {
            (parse as (d: unknown) => unknown)(candidate);
          } catch (error) {
            assert.ok(error instanceof InvalidPolicy, `${JSON.stringify(candidate)}: ${String(error)}`);
            assert.ok(error.problems.length > 0);
          }
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('supplier evaluation: a grade band whose minScore cannot even be compared is a named problem (a case the property once found)', () => {
    const document = structuredClone(defaultEvaluationPolicyDocument) as unknown as { grades: { minScore: unknown }[] };
    document.grades[0]!.minScore = { toString: false };
    assert.throws(
      () => parseEvaluationPolicy(document),
      (error: unknown) =>
        error instanceof InvalidPolicy && error.problems.includes('grades[0].minScore: a number from 0 to 100'),
    );
  });
});
