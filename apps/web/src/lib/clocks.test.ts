import { describe, expect, it } from 'vitest';
import { readClock, type SlaClock } from './clocks.js';

const start = Date.parse('2026-12-01T08:00:00Z');
const hour = 3_600_000;
const running = (overrides: Partial<SlaClock> = {}): SlaClock => ({
  id: 'step:analyse',
  targetMs: 10 * hour,
  startedAt: new Date(start).toISOString(),
  spentMs: 0,
  runningSince: new Date(start).toISOString(),
  dueAt: new Date(start + 10 * hour).toISOString(),
  warned: false,
  breached: false,
  level: 0,
  elapsedMs: 0,
  remainingMs: 10 * hour,
  overdue: false,
  warningRatio: 0.8,
  warnAtMs: 8 * hour,
  warnAt: new Date(start + 8 * hour).toISOString(),
  ...overrides,
});

describe('a clock read in the browser', () => {
  it('counts a running clock down to its due time, green, then amber past 80 %, then red past its target', () => {
    expect(readClock(running(), start + 2 * hour)).toMatchObject({
      kind: 'step',
      step: 'analyse',
      remainingMs: 8 * hour,
      percentUsed: 20,
      tone: 'ok',
    });
    expect(readClock(running(), start + 9 * hour)).toMatchObject({
      remainingMs: hour,
      percentUsed: 90,
      tone: 'warning',
    });
    expect(readClock(running(), start + 12 * hour)).toMatchObject({
      remainingMs: 0,
      overByMs: 2 * hour,
      percentUsed: 120,
      tone: 'danger',
    });
  });

  it("turns amber at the warning point the server gives, not at a share of the UI's own", () => {
    const early = running({ warningRatio: 0.5, warnAtMs: 5 * hour, warnAt: new Date(start + 5 * hour).toISOString() });
    expect(readClock(early, start + 4 * hour).tone).toBe('ok');
    expect(readClock(early, start + 6 * hour).tone).toBe('warning');
    const late = running({
      warningRatio: 0.95,
      warnAtMs: 9.5 * hour,
      warnAt: new Date(start + 9.5 * hour).toISOString(),
    });
    expect(readClock(late, start + 9 * hour).tone).toBe('ok');
  });

  it('turns amber as soon as the server has warned, whatever the share used', () => {
    expect(readClock(running({ warned: true }), start + hour).tone).toBe('warning');
  });

  it('keeps a paused clock as the server read it, however much time passes', () => {
    const paused = running({ runningSince: undefined, spentMs: 3 * hour, elapsedMs: 3 * hour, remainingMs: 7 * hour });
    expect(readClock(paused, start + 100 * hour)).toMatchObject({
      remainingMs: 7 * hour,
      percentUsed: 30,
      tone: 'paused',
    });
  });

  it('names the case and acknowledge clocks without a step, and marks a stopped clock', () => {
    expect(readClock(running({ id: 'case' }), start)).toMatchObject({ kind: 'case', step: undefined });
    expect(
      readClock(running({ id: 'acknowledge', stoppedAt: new Date(start + hour).toISOString() }), start + 2 * hour).tone,
    ).toBe('stopped');
  });
});
