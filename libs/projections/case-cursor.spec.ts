import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { decodeCursor, encodeCursor, keysOf, noDueTime } from './case-cursor.js';

const row = {
  registeredAt: '2026-03-01T08:00:00.000Z',
  updatedAt: '2026-03-02T08:00:00.000Z',
  slaDueAt: null,
  number: 'CMP-2026-000123',
  severity: 'high',
};

describe('case list cursors', () => {
  it('come back as they went, for each sort', () => {
    for (const sort of ['registeredAt', 'updatedAt', 'dueAt', 'number', 'severity'] as const) {
      const cursor = { sort, keys: keysOf(sort, row), id: 'c-1' };
      assert.deepEqual(decodeCursor(encodeCursor(cursor), sort), cursor);
    }
  });

  it('place a case without a due time last, and rank severities most severe first', () => {
    assert.deepEqual(keysOf('dueAt', row), [noDueTime]);
    assert.deepEqual(keysOf('severity', { ...row, severity: 'critical', slaDueAt: '2026-03-03T00:00:00.000Z' }), [
      0,
      '2026-03-03T00:00:00.000Z',
    ]);
    assert.deepEqual(keysOf('severity', { ...row, severity: 'low' }), [3, noDueTime]);
  });

  it('are refused when made for another sort, cut short, or forged with other values', () => {
    const made = encodeCursor({ sort: 'registeredAt', keys: keysOf('registeredAt', row), id: 'c-1' });
    assert.equal(decodeCursor(made, 'dueAt'), undefined);
    assert.equal(decodeCursor(made.slice(0, -2), 'registeredAt'), undefined);
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    assert.equal(decodeCursor(forged(['registeredAt', ['yesterday'], 'c-1']), 'registeredAt'), undefined);
    assert.equal(decodeCursor(forged(['registeredAt', [noDueTime], 'c-1']), 'registeredAt'), undefined);
    assert.equal(decodeCursor(forged(['severity', ['0', noDueTime], 'c-1']), 'severity'), undefined);
    assert.equal(decodeCursor(forged(['dueAt', [noDueTime], '']), 'dueAt'), undefined);
    assert.equal(decodeCursor(forged(['dueAt', [noDueTime], 'c-1', 'more']), 'dueAt'), undefined);
    assert.equal(decodeCursor('!!', 'dueAt'), undefined);
    // Values the database would refuse, where a forger could turn a 400 into a 500.
    assert.equal(decodeCursor(forged(['dueAt', ['2025-02-31T00:00:00.000Z'], 'c-1']), 'dueAt'), undefined);
    assert.equal(decodeCursor(forged(['dueAt', ['0000-01-01T00:00:00.000Z'], 'c-1']), 'dueAt'), undefined);
    assert.equal(decodeCursor(forged(['severity', [1e20, noDueTime], 'c-1']), 'severity'), undefined);
    assert.equal(decodeCursor(forged(['bogus', [], 'c-1']), 'bogus' as never), undefined);
  });
});
