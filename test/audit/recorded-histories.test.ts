import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from '@jest/globals';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { crossCheck, workflowEvidenceOf } from '../../libs/audit/index.js';
import { chainHash, type StoredEvent } from '../../libs/event-store/index.js';

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
