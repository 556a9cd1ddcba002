import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { StoredEvent } from '../event-store/index.js';
import { crossCheck, type RecordedAppend, type WorkflowEvidence } from './workflow-evidence.js';

const at = (seconds: number) => Date.parse('2026-12-01T08:00:00.000Z') + seconds * 1000;
const streamId = 'complaint-c1';

/** A run that appended `ids` one append each, the first at `from` seconds, one second apart, from `firstRevision`. */
const run = (
  runId: string,
  startedAt: number,
  from: number,
  ids: string[],
  firstRevision: number,
): WorkflowEvidence => ({
  runId,
  workflowId: streamId,
  startedAt: at(startedAt),
  acceptedUpdateIds: new Set(ids.map((id) => `update-${id}`)),
  timersFiredAt: [],
  signalsAt: [],
  appends: ids.map((id, n): RecordedAppend => ({
    scheduledEventId: 10 + n * 10,
    scheduledAt: at(from + n),
    closedAt: at(from + n) + 50,
    completed: true,
    streamId,
    firstRevision: firstRevision + n,
    events: [
      {
        id,
        type: 'Happened',
        data: { id },
        metadata: { actor: 'li.wei', cause: { kind: 'update', id: `update-${id}` }, runId, workflowId: streamId },
        schemaVersion: 1,
      },
    ],
  })),
});

/** The stream as the store holds the runs' events, in order. */
const storedOf = (...runs: WorkflowEvidence[]): StoredEvent[] =>
  runs
    .flatMap((evidence) => evidence.appends)
    .map((append) => {
      const [event] = append.events;
      return {
        id: event!.id,
        streamId,
        revision: append.firstRevision,
        position: append.firstRevision,
        type: event!.type,
        data: event!.data,
        metadata: event!.metadata,
        schemaVersion: 1,
        recordedAt: new Date(append.scheduledAt + 10).toISOString(),
        prevHash: null,
        hash: '',
      };
    });

describe('the cross-check of a stream with its workflow histories', () => {
  // The first run continued as new a moment after its last append; its history is past retention.
  const first = run('r1', 0, 1, ['a', 'b'], 0);
  const second = run('r2', 2.1, 3, ['c', 'd'], 2);

  it('calls the events of a run past retention unverifiable, even those a moment before the next run started', () => {
    const check = crossCheck(storedOf(first, second), new Map([['r2', second]]));
    assert.deepEqual(check.discrepancies, []);
    assert.deepEqual(
      check.unverifiable.map((d) => d.eventId),
      ['a', 'b'],
    );
    assert.equal(check.traced, 2);
  });

  it('finds an event slipped in ahead of a kept run, even one dated before the run began', () => {
    const events = storedOf(first, second);
    const forged = { ...events[0]!, id: 'forged', revision: 0, recordedAt: new Date(at(-100)).toISOString() };
    const shifted = [forged, ...events.map((event) => ({ ...event, revision: event.revision + 1 }))];
    const check = crossCheck(
      shifted,
      new Map([
        ['r1', first],
        ['r2', second],
      ]),
    );
    assert.deepEqual(
      check.discrepancies.map((d) => d.eventId),
      ['a', 'b', 'c', 'd'],
    );
    assert.match(check.discrepancies[0]!.problem, /inserted or removed before it/);
  });

  it('finds the events of an expired run removed from between kept runs', () => {
    const third = run('r3', 5, 6, ['e'], 4);
    const events = storedOf(first, second, third).filter((event) => event.id !== 'c' && event.id !== 'd');
    const renumbered = events.map((event, revision) => ({ ...event, revision }));
    const check = crossCheck(
      renumbered,
      new Map([
        ['r1', first],
        ['r3', third],
      ]),
    );
    // The removed events' run is gone, so the kept run after them is what gives the removal away.
    assert.deepEqual(
      check.discrepancies.map((d) => d.eventId),
      ['e'],
    );
    assert.match(check.discrepancies[0]!.problem, /stored at revision 2, but its append put it at 4/);
  });
});

describe('an e-mail record traced to its mail activity', () => {
  const recorded = (mailsEnded: ReadonlyMap<string, number>): WorkflowEvidence => {
    const base = run('r1', 0, 1, ['sent'], 0);
    const [append] = base.appends;
    const [event] = append!.events;
    return {
      ...base,
      mailsEnded,
      appends: [
        {
          ...append!,
          events: [
            { ...event!, metadata: { ...event!.metadata, cause: { kind: 'activity', id: 'mail:ev-registered' } } },
          ],
        },
      ],
    };
  };

  it('holds when the mail activity the event called for ended before the append', () => {
    const evidence = recorded(new Map([['ev-registered', 5]]));
    const check = crossCheck(storedOf(evidence), new Map([['r1', evidence]]));
    assert.deepEqual(check.discrepancies, []);
    assert.equal(check.traced, 1);
  });

  it('does not hold on another mail activity, nor on one that ended after the append', () => {
    for (const mailsEnded of [new Map([['ev-other', 5]]), new Map([['ev-registered', 50]])]) {
      const evidence = recorded(mailsEnded);
      const check = crossCheck(storedOf(evidence), new Map([['r1', evidence]]));
      assert.deepEqual(
        check.discrepancies.map((d) => d.eventId),
        ['sent'],
      );
    }
  });
});
