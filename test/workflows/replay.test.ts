import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from '@jest/globals';
import { Worker } from '@temporalio/worker';
import { workflowBundlePath } from '../../apps/worker/temporal-worker.service.js';

const directory = fileURLToPath(new URL('../../../test/fixtures/histories/', import.meta.url));
// Spread into the test's own realm: arrays from Node's fs fail deepStrictEqual against literals under Jest.
const fixtures = [...readdirSync(directory)].filter((file) => file.endsWith('.json')).sort();

/**
 * Cases already running must keep running after a deploy. These histories
 * were recorded from earlier workflow code (npm run fixtures:record); the
 * current code must replay each without a determinism error.
 */
describe('stored complaint histories replay on the current workflow code', () => {
  it('has fixtures for the loop, SLA timers, case actions, a restored run, continue-as-new, a supplier cycle, a case received earlier, contained and paused for a reason, and evidence attached and retracted', () => {
    assert.deepEqual(fixtures, [
      'complaint-attributed-to-supplier.json',
      'continued-as-new.json',
      'evidence-attached-retracted.json',
      'loop-with-reopens.json',
      'received-contained-paused.json',
      'reopened-archived-case.json',
      'sla-warning-breach-escalations.json',
      'supplier-cycle.json',
      'wait-severity-escalate-withdraw.json',
    ]);
  });

  it('replays every fixture without a determinism error', async () => {
    const histories = fixtures.map((file) => ({
      workflowId: file,
      history: JSON.parse(readFileSync(`${directory}${file}`, 'utf8')) as unknown,
    }));
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: workflowBundlePath } },
      histories,
    )) {
      replayed++;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    assert.equal(replayed, fixtures.length);
    assert.deepEqual(failures, []);
  });
});
