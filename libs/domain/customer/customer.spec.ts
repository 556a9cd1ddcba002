import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { fold, type CommandMetadata } from '../decider.js';
import { deciderSpec } from '../decider.testing.js';
import {
  CustomerAlreadyRegistered,
  CustomerNotRegistered,
  ErasedCustomer,
  MergedCustomer,
  RuleViolated,
} from '../errors.js';
import { erasedMark, type Sealed } from '../personal.js';
import { allowedCustomerActions } from './allowed-actions.js';
import type { CustomerCommand } from './customer.commands.js';
import { customerDecider } from './customer.decider.js';
import { withErasureShown, type CustomerEvent } from './customer.events.js';

const spec = deciderSpec(customerDecider);
const at = '2026-12-05T10:00:00.000Z';
const by: CommandMetadata = { now: at, actor: 'li.wei' };
const stamp = { at, by: 'li.wei' };
const details = {
  name: 'Hangzhou Valve Co.',
  kind: 'company' as const,
  contacts: [{ name: 'Wang Fang', email: 'wang.fang@hzvalve.example', language: 'zh-CN' as const }],
  externalRef: 'CRM-0042',
};
const command = (type: CustomerCommand['type'], data: object): CustomerCommand =>
  ({ type, data, metadata: by }) as CustomerCommand;
const registered: CustomerEvent = { type: 'CustomerRegistered', data: { customerId: 'cus-1', ...details, ...stamp } };
const merged: CustomerEvent = { type: 'CustomerMerged', data: { into: 'cus-2', reason: 'Same company', ...stamp } };

describe('a customer, given/when/then', () => {
  it('registers once, with its contacts', () => {
    spec
      .given([])
      .when(command('RegisterCustomer', { customerId: 'cus-1', ...details }))
      .then([registered]);
    spec
      .given([registered])
      .when(command('RegisterCustomer', { customerId: 'cus-1', ...details }))
      .thenThrows(CustomerAlreadyRegistered);
  });

  it('replaces its contacts whole, and records nothing for the same list again', () => {
    const contacts = [...details.contacts, { name: 'Li Ming', phone: '+86 571 8888 0000' }];
    spec
      .given([registered])
      .when(command('ChangeContacts', { contacts }))
      .then([{ type: 'CustomerContactsChanged', data: { contacts, ...stamp } }]);
    spec
      .given([registered])
      .when(command('ChangeContacts', { contacts: details.contacts }))
      .then([]);
    spec.given([]).when(command('ChangeContacts', { contacts })).thenThrows(CustomerNotRegistered);
  });

  it('records only the details that change', () => {
    spec
      .given([registered])
      .when(command('ChangeCustomerDetails', { name: 'Hangzhou Valve Group', externalRef: 'CRM-0042' }))
      .then([{ type: 'CustomerDetailsChanged', data: { name: 'Hangzhou Valve Group', ...stamp } }]);
    spec
      .given([registered])
      .when(command('ChangeCustomerDetails', { name: details.name }))
      .then([]);
  });

  it('merges a duplicate into another, once, never into itself; a merged one takes no changes', () => {
    spec
      .given([registered])
      .when(command('MergeCustomer', { into: 'cus-2', reason: 'Same company' }))
      .then([merged]);
    spec
      .given([registered, merged])
      .when(command('MergeCustomer', { into: 'cus-2', reason: 'again' }))
      .then([]);
    spec
      .given([registered, merged])
      .when(command('MergeCustomer', { into: 'cus-3', reason: 'another' }))
      .thenThrows(MergedCustomer, /merged into cus-2/);
    spec
      .given([registered])
      .when(command('MergeCustomer', { into: 'cus-1', reason: 'self' }))
      .thenThrows(RuleViolated, /itself/);
    spec
      .given([registered, merged])
      .when(command('ChangeContacts', { contacts: [] }))
      .thenThrows(MergedCustomer);
    const state = fold(customerDecider, [registered, merged]);
    assert.equal(state.status === 'merged' && state.mergedInto, 'cus-2');
  });

  it('records the duplicates the customer that goes on took in, each once', () => {
    const absorbed: CustomerEvent = {
      type: 'CustomerAbsorbed',
      data: { from: 'cus-9', reason: 'Same company', ...stamp },
    };
    spec
      .given([registered])
      .when(command('AbsorbCustomer', { from: 'cus-9', reason: 'Same company' }))
      .then([absorbed]);
    spec
      .given([registered, absorbed])
      .when(command('AbsorbCustomer', { from: 'cus-9', reason: 'x' }))
      .then([]);
    const state = fold(customerDecider, [registered, absorbed]);
    assert.deepEqual(state.status === 'active' && state.absorbed, ['cus-9']);
  });

  it('erases once, for good: no personal data taken again, its export recorded, its view erased whatever was recorded', () => {
    const erased: CustomerEvent = { type: 'CustomerErased', data: { reason: 'PIPL art. 47', ...stamp } };
    spec
      .given([registered])
      .when(command('EraseCustomer', { reason: 'PIPL art. 47' }))
      .then([erased]);
    spec
      .given([registered, erased])
      .when(command('EraseCustomer', { reason: 'again' }))
      .then([]);
    spec
      .given([])
      .when(command('EraseCustomer', { reason: 'x' }))
      .thenThrows(CustomerNotRegistered);
    for (const [type, data] of [
      ['ChangeContacts', { contacts: [] }],
      ['ChangeCustomerDetails', { name: 'x' }],
      ['MergeCustomer', { into: 'cus-2', reason: 'x' }],
      ['AbsorbCustomer', { from: 'cus-3', reason: 'x' }],
    ] as const)
      spec
        .given([registered, erased])
        .when(command(type, data))
        .thenThrows(ErasedCustomer, /erased/);
    // A merged duplicate holds personal data too: it can be erased.
    spec
      .given([registered, merged])
      .when(command('EraseCustomer', { reason: 'PIPL art. 47' }))
      .then([erased]);
    spec
      .given([registered, erased])
      .when(command('RecordCustomerExport', {}))
      .then([{ type: 'CustomerDataExported', data: stamp }]);

    const state = fold(customerDecider, [registered, erased]);
    assert.ok(state.status === 'active');
    assert.deepEqual(state.erased, { at, by: 'li.wei', reason: 'PIPL art. 47' });
    const admin = { roles: ['admin'] };
    assert.deepEqual(allowedCustomerActions(fold(customerDecider, [registered]), admin), ['export', 'erase']);
    assert.deepEqual(allowedCustomerActions(state, admin), ['export']);
    assert.deepEqual(allowedCustomerActions(state, { roles: ['owner', 'supervisor'] }), []);

    // A company's name stays; every contact value goes, sealed or text from before sealing.
    const shown = withErasureShown(state);
    assert.equal(shown.name, 'Hangzhou Valve Co.');
    assert.deepEqual(shown.contacts, [{ name: erasedMark, email: erasedMark, language: 'zh-CN' }]);
    const sealed: Sealed = { sealed: 1, key: 'customer:cus-1', iv: 'aa', data: 'bb' };
    const person = fold(customerDecider, [
      { type: 'CustomerRegistered', data: { customerId: 'cus-1', ...details, kind: 'person', name: sealed, ...stamp } },
      erased,
    ]);
    assert.equal(person.status === 'active' && withErasureShown(person).name, erasedMark);
  });
});
