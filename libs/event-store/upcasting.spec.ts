import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { createUpcasting } from './upcasting.js';

describe('upcasting', () => {
  // Version 1 stored the customer as a bare name; version 2 as an object; version 3 added a channel.
  const upcast = createUpcasting([
    {
      eventType: 'ComplaintRegistered',
      fromVersion: 1,
      upcast: (data: { customer: string }) => ({ ...data, customer: { name: data.customer } }),
    },
    { eventType: 'ComplaintRegistered', fromVersion: 2, upcast: (data: object) => ({ ...data, channel: 'phone' }) },
  ]);

  it('reads an old event as the current shape, step by step', () => {
    const stored = { type: 'ComplaintRegistered', schemaVersion: 1, data: { customer: 'ACME', title: 'Late' } };
    assert.deepEqual(upcast(stored), {
      type: 'ComplaintRegistered',
      schemaVersion: 3,
      data: { customer: { name: 'ACME' }, title: 'Late', channel: 'phone' },
    });
  });

  it('starts from the version an event was written in', () => {
    const stored = { type: 'ComplaintRegistered', schemaVersion: 2, data: { customer: { name: 'ACME' } } };
    assert.deepEqual(upcast(stored).data, { customer: { name: 'ACME' }, channel: 'phone' });
  });

  it('leaves current events and other types untouched, and the stored event unchanged', () => {
    const current = {
      type: 'ComplaintRegistered',
      schemaVersion: 3,
      data: { customer: { name: 'ACME' }, channel: 'email' },
    };
    const other = { type: 'ComplaintArchived', schemaVersion: 1, data: { lessonsLearned: 'x' } };
    assert.equal(upcast(current), current);
    assert.equal(upcast(other), other);
    const old = { type: 'ComplaintRegistered', schemaVersion: 1, data: { customer: 'ACME' } };
    upcast(old);
    assert.deepEqual(old.data, { customer: 'ACME' });
  });
});
