import assert from 'node:assert/strict';
import { fold, type Command, type Decider, type Event } from './decider.js';

/** Given these events, when this command, then these events (or this error). */
export const deciderSpec = <C extends Command, E extends Event, S>(decider: Decider<C, E, S>) => ({
  given: (events: E[]) => ({
    when: (command: C) => {
      const run = () => decider.decide(command, fold(decider, events));
      return {
        then: (expected: E[]) => assert.deepEqual(run(), expected),
        thenThrows: (errorClass: new (...args: never[]) => Error, message?: RegExp) =>
          assert.throws(run, (error: unknown) => {
            assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${String(error)}`);
            if (message) assert.match((error as Error).message, message);
            return true;
          }),
      };
    },
  }),
});
