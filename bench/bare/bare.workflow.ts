import {
  condition,
  defineUpdate,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The baseline: a workflow of a complaint's shape with nothing of ours in it.
 * Each update awaits one no-op activity, as each of our steps awaits one
 * append; an optional timer stands for an SLA clock. The floor benchmark
 * adds, one at a time, what a step of ours must do besides (`guarantees`).
 */
const { noop, append } = proxyActivities<{
  noop(): Promise<void>;
  append(request: { streamId: string; id: string; expectedRevision: number }): Promise<void>;
}>({ startToCloseTimeout: '10 seconds' });

export const step = defineUpdate<unknown, [string]>('step');

/** What each step does beyond the baseline's no-op activity. */
export type Guarantees = Readonly<{
  /** A real append to PostgreSQL, with its expected revision and an id fixed by the workflow. */
  append?: boolean;
  /** The update answers this many bytes (our answer: the case's state). */
  outcomeBytes?: number;
  /** One search attribute upserted per step (our case's step, owner, due time...). */
  searchAttributes?: boolean;
  /** The main loop waits with a deadline, so each step cancels a timer and starts the next (our SLA clock). */
  replanTimer?: boolean;
}>;

export type BareCaseInput = Readonly<{ steps: number; timerAt?: number; guarantees?: Guarantees }>;

const stepKey = defineSearchAttributeKey('ComplaintStep', SearchAttributeType.KEYWORD);

export async function bareCase({ steps, timerAt, guarantees = {} }: BareCaseInput): Promise<number | undefined> {
  let done = 0;
  let lateness: number | undefined;
  setHandler(step, async () => {
    if (guarantees.append)
      await append({ streamId: workflowInfo().workflowId, id: uuid4(), expectedRevision: done - 1 });
    else await noop();
    done++;
    if (guarantees.searchAttributes) upsertSearchAttributes([{ key: stepKey, value: `step-${done}` }]);
    return guarantees.outcomeBytes ? { done, state: 'x'.repeat(guarantees.outcomeBytes) } : done;
  });
  if (timerAt !== undefined) {
    // Lateness of the timer, as the workflow sees it (its clock is the time its task started).
    void sleep(Math.max(1, timerAt - Date.now())).then(() => (lateness = Date.now() - timerAt));
  }
  const finished = () => done >= steps && (timerAt === undefined || lateness !== undefined);
  if (!guarantees.replanTimer) {
    await condition(finished);
    return lateness;
  }
  // As our workflows wait: until a change or a deadline; a change cancels the timer and the next turn starts another.
  while (!finished()) {
    const seen = done;
    await condition(() => done !== seen, '1 hour');
  }
  return lateness;
}
