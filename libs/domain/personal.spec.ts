import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { erasedMark, erasedPathsIn, sealedIn, withSealedReplaced, type Sealed } from './personal.js';

const sealed = (key: string, data: string): Sealed => ({ sealed: 1, key, iv: 'iv', data });

describe('personal values in a JSON value', () => {
  const value = {
    name: 'Hangzhou Valve Co.',
    contacts: [{ name: sealed('customer:a', '1'), email: sealed('customer:a', '2'), language: 'zh-CN' }],
    events: [{ data: { customer: { name: sealed('customer:b', '3'), id: 'b' } } }],
    at: new Date('2026-12-05T00:00:00Z'),
  };

  it('are found wherever they stand', () => {
    assert.deepEqual(
      sealedIn(value).map((found) => found.data),
      ['1', '2', '3'],
    );
  });

  it('are replaced with their path known, and nothing else is touched', () => {
    const paths: string[] = [];
    const opened = withSealedReplaced(value, (found, path) => {
      paths.push(path);
      return found.key === 'customer:a' ? `open ${found.data}` : erasedMark;
    });
    assert.deepEqual(paths, ['contacts.0.name', 'contacts.0.email', 'events.0.data.customer.name']);
    assert.deepEqual(opened.contacts, [{ name: 'open 1', email: 'open 2', language: 'zh-CN' }]);
    assert.equal(opened.events[0]!.data.customer.name, erasedMark);
    assert.equal(opened.at, value.at, 'a Date is no plain object: left as it is');
    assert.ok(typeof value.contacts[0]!.name === 'object', 'the value given is not changed');
    assert.deepEqual(erasedPathsIn(opened), ['events.0.data.customer.name']);
  });
});
