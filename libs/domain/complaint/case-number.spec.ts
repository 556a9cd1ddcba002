import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { formatCaseNumber, numberingYear, parseCaseNumber } from './case-number.js';

describe('case numbers', () => {
  it('reads and writes CMP-<year>-<six digits or more>, in any case of letters', () => {
    assert.equal(formatCaseNumber({ year: 2026, sequence: 123 }), 'CMP-2026-000123');
    assert.equal(formatCaseNumber({ year: 2026, sequence: 1_234_567 }), 'CMP-2026-1234567');
    assert.deepEqual(parseCaseNumber(' cmp-2026-000123 '), { year: 2026, sequence: 123 });
    for (const text of ['CMP-2026-000000', 'CMP-26-000001', 'CMP-2026-12', 'SUP-2026-000001', '4f7c2a9e'])
      assert.equal(parseCaseNumber(text), undefined, text);
  });

  it("numbers a case in the year of its registration on the policy calendar's clock", () => {
    assert.equal(numberingYear('2026-12-31T20:00:00.000Z'), 2026);
    assert.equal(numberingYear('2026-12-31T20:00:00.000Z', 'Asia/Shanghai'), 2027);
  });
});
