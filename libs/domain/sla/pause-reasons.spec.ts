import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { InvalidPolicy } from '../policy.js';
import { defaultPauseReasons, pauseReasonsOf } from './pause-reasons.js';
import { defaultSlaPolicy, defaultSlaPolicyDocument, parseSlaPolicy } from './sla-policy.js';

const problemsOf = (pauseReasons: unknown) => {
  try {
    parseSlaPolicy({ ...defaultSlaPolicyDocument, pauseReasons });
  } catch (error) {
    assert.ok(error instanceof InvalidPolicy);
    return error.problems.map(({ path, key }) => `${path}: ${key}`);
  }
  return [];
};

describe("an SLA policy's pause reasons", () => {
  it('are the built-in four where the policy names none, and the policy keeps no copy of them', () => {
    assert.deepEqual(
      pauseReasonsOf(defaultSlaPolicy).map((reason) => reason.code),
      [...defaultPauseReasons],
    );
    assert.equal('pauseReasons' in defaultSlaPolicy, false, 'a recorded policy without them reads as it did');
  });

  it("take built-in codes as they are, and a policy's own codes with their words", () => {
    const policy = parseSlaPolicy({
      ...defaultSlaPolicyDocument,
      pauseReasons: [
        'awaiting-returned-part',
        { code: 'awaiting-site-visit', label: { en: 'Awaiting the site visit', 'zh-CN': '等待现场访问' } },
      ],
    });
    assert.deepEqual(pauseReasonsOf(policy), [
      { code: 'awaiting-returned-part' },
      { code: 'awaiting-site-visit', label: { en: 'Awaiting the site visit', 'zh-CN': '等待现场访问' } },
    ]);
  });

  it('refuse an empty list, a bad code, a repeated one, and an own code without words, each by its path', () => {
    assert.deepEqual(problemsOf([]), ['pauseReasons: pause-reason-list']);
    assert.deepEqual(problemsOf(['Awaiting Parts']), ['pauseReasons[0].code: pause-reason-code']);
    assert.deepEqual(problemsOf(['customer-unreachable', 'customer-unreachable']), [
      'pauseReasons[1].code: pause-reason-repeated',
    ]);
    assert.deepEqual(problemsOf(['awaiting-site-visit']), ['pauseReasons[0].label: pause-reason-label']);
    assert.deepEqual(problemsOf([{ code: 'awaiting-site-visit', label: { fr: 'Visite' } }]), [
      'pauseReasons[0].label: pause-reason-label',
    ]);
    assert.deepEqual(problemsOf([42]), ['pauseReasons[0]: pause-reason']);
  });
});
