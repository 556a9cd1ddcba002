import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from '@jest/globals';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { crossCheck, workflowEvidenceOf } from '../../libs/audit/index.js';
import { chainHash, type StoredEvent } from '../../libs/event-store/index.js';
import { upcastEvent } from '../../libs/contracts/upcasting.js';
import { caseRowOf, foldCase, type RevisionedEvent } from '../../libs/projections/index.js';
import { customerIdOf } from '../../libs/support/customer-ref.js';

const directory = fileURLToPath(new URL('../../../test/fixtures/histories/', import.meta.url));
const fixtures = [...readdirSync(directory)].filter((file) => file.endsWith('.json')).sort();

/**
 * The stream a recorded run wrote, as the store kept it then: every event of
 * its completed appends, with the metadata it carried (before causes were
 * typed: only a `causationId`), recorded when its append was scheduled.
 */
const storedStreamOf = (evidence: ReturnType<typeof workflowEvidenceOf>, streamId: string): StoredEvent[] => {
  const events: StoredEvent[] = [];
  let prevHash: string | null = null;
  for (const append of evidence.appends.filter((a) => a.completed && a.streamId === streamId)) {
    for (const [index, recorded] of append.events.entries()) {
      const fields = {
        id: recorded.id,
        streamId,
        revision: append.firstRevision + index,
        type: recorded.type,
        data: recorded.data,
        metadata: recorded.metadata,
        schemaVersion: 1,
        recordedAt: new Date(append.scheduledAt).toISOString(),
      };
      const hash = chainHash(prevHash, fields);
      events.push({ ...fields, position: events.length, prevHash, hash });
      prevHash = hash;
    }
  }
  return events;
};

/** The fixtures recorded before causes were typed: their events carry only a `causationId`. */
const untypedCauses = new Set([
  'complaint-attributed-to-supplier.json',
  'continued-as-new.json',
  'loop-with-reopens.json',
  'reopened-archived-case.json',
  'sla-warning-breach-escalations.json',
  'supplier-cycle.json',
  'wait-severity-escalate-withdraw.json',
]);

/** Events written by earlier workflow code, before causes were typed or after, must still audit as they did: intact, every one traced. */
describe('the audit of streams written by earlier workflow code (the recorded histories)', () => {
  for (const file of fixtures) {
    it(`${file}: every event its run appended traces to that run`, () => {
      const history = historyFromJSON(JSON.parse(readFileSync(`${directory}${file}`, 'utf8')));
      const evidence = workflowEvidenceOf('recorded-run', history);
      const streamId = evidence.appends.find((append) => append.completed)?.streamId;
      assert.ok(streamId, 'the run appended something');
      const events = storedStreamOf(evidence, streamId);
      if (untypedCauses.has(file))
        assert.ok(
          events.every((event) => event.metadata.cause === undefined && typeof event.metadata.causationId === 'string'),
          'recorded before causes were typed',
        );
      const check = crossCheck(events, new Map([['recorded-run', evidence]]));
      assert.deepEqual(check.discrepancies, []);
      assert.deepEqual(check.unverifiable, []);
      assert.equal(check.traced, events.length);
    });
  }
});

/** Complaints recorded before customers were entities name a customer by what was typed; they read as naming the customer made from it. */
describe('the customers of complaints recorded before customers (the recorded histories)', () => {
  for (const file of fixtures) {
    const history = historyFromJSON(JSON.parse(readFileSync(`${directory}${file}`, 'utf8')));
    const evidence = workflowEvidenceOf('recorded-run', history);
    const streamId = evidence.appends.find((append) => append.completed)?.streamId;
    if (!streamId?.startsWith('complaint-')) continue;
    const events = storedStreamOf(evidence, streamId);
    const registered = events.find((event) => event.type === 'ComplaintRegistered');
    // A run that restored a closed case to reopen it wrote no registration.
    if (!registered) continue;
    it(`${file}: the case's row names the customer the backfill registers for it`, () => {
      const recorded = (registered.data as { customer: { name: string; id?: string } }).customer;
      assert.equal(recorded.id, undefined, 'recorded without a customer id');
      const folded = foldCase(
        undefined,
        events.map((event) => ({ ...upcastEvent(event), revision: event.revision }) as unknown as RevisionedEvent),
      );
      assert.equal(caseRowOf(folded.record!).customerId, customerIdOf(recorded));
      assert.match(customerIdOf(recorded), /^CUS-[0-9A-Z]{8}$/);
      assert.equal(
        customerIdOf({ name: ` ${recorded.name.toUpperCase()}  ` }),
        customerIdOf(recorded),
        'typed two ways, one customer',
      );
    });
  }
});
