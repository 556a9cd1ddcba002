import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { erasedMark, type Sealed } from '../domain/personal.js';
import { customerRowOf, foldCustomer, type RevisionedCustomerEvent } from './customer-record.js';
import type { PersonalText } from './personal-text.js';

const stamp = { at: '2026-12-05T10:00:00.000Z', by: 'li.wei' };
const sealed = (data: string): Sealed => ({ sealed: 1, key: 'customer:cus-1', iv: 'iv', data });
/** Opens the test's envelopes: their data is the text. */
const open: PersonalText = (value) => (typeof value === 'string' ? value : value.data);

const registered = (kind: 'person' | 'company', name: string | Sealed): RevisionedCustomerEvent => ({
  type: 'CustomerRegistered',
  revision: 0,
  data: {
    customerId: 'cus-1',
    name,
    kind,
    // One contact sealed, one recorded in plain text before sealing.
    contacts: [
      { name: sealed('Zhou Xiaomei'), email: sealed('zhou@example.cn') },
      { name: 'Old Contact', phone: '+86 138 0013 8000' },
    ],
    ...stamp,
  },
});
const erased: RevisionedCustomerEvent = { type: 'CustomerErased', revision: 1, data: { reason: 'PIPL', ...stamp } };

describe("a customer's row", () => {
  it('holds the opened values where the list searches, while the customer is not erased', () => {
    const { record } = foldCustomer(undefined, [registered('person', sealed('Zhou Xiaomei'))]);
    const row = customerRowOf(record!, open);
    assert.equal(row.name, 'Zhou Xiaomei');
    assert.equal(row.nameKey, 'zhou xiaomei');
    assert.match(row.search, /zhou@example\.cn/);
    assert.match(row.search, /old contact/);
  });

  it("holds none of a person's values once erased, whatever they were recorded as; a company keeps its name", () => {
    const person = foldCustomer(undefined, [registered('person', 'Zhou Xiaomei'), erased]);
    assert.equal(person.erased, true, 'the projector learns to destroy the key');
    const row = customerRowOf(person.record!, open);
    assert.equal(row.name, erasedMark);
    assert.equal(row.search, 'cus-1');
    const company = customerRowOf(
      foldCustomer(undefined, [registered('company', 'Hangzhou Valve Co.'), erased]).record!,
      open,
    );
    assert.equal(company.name, 'Hangzhou Valve Co.');
    assert.equal(company.search, 'cus-1 hangzhou valve co.');
  });
});
