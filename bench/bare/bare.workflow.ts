import { condition, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

/**
 * The baseline: a workflow of a complaint's shape with nothing of ours in it.
 * Each update awaits one no-op activity, as each of our steps awaits one
 * append; an optional timer stands for an SLA clock.
 */
const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '10 seconds' });

export const step = defineUpdate<number, [string]>('step');

export type BareCaseInput = Readonly<{ steps: number; timerAt?: number }>;

export async function bareCase({ steps, timerAt }: BareCaseInput): Promise<number | undefined> {
  let done = 0;
  let lateness: number | undefined;
  setHandler(step, async () => {
    await noop();
    return ++done;
  });
  if (timerAt !== undefined) {
    // Lateness of the timer, as the workflow sees it (its clock is the time its task started).
    void sleep(Math.max(1, timerAt - Date.now())).then(() => (lateness = Date.now() - timerAt));
  }
  await condition(() => done >= steps && (timerAt === undefined || lateness !== undefined));
  return lateness;
}
