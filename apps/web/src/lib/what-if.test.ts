import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WhatIfCase } from '../api/policies.js';
import { initI18n } from '../i18n/index.js';
import { dueTimeShown, whatIfChanges } from './what-if.js';

const outcome = (breachedClocks: string[], maxEscalationLevel = 0) => ({
  breached: breachedClocks.length > 0,
  firstBreachAt: breachedClocks.length > 0 ? '2026-03-01T10:00:00Z' : null,
  maxEscalationLevel,
  breachedClocks,
});
const item = (
  actual: WhatIfCase['actual'],
  hypothetical: WhatIfCase['hypothetical'],
  dueTimes: WhatIfCase['dueTimes'] = [],
): WhatIfCase => ({
  complaintId: 'c-1',
  number: 'CMP-2026-000001',
  severity: 'high',
  status: 'open',
  actual,
  hypothetical,
  dueTimes,
  changed: true,
});

describe('what a what-if changes for a case', () => {
  beforeAll(() => initI18n('en'));

  it('names the clocks that would have breached, and the escalation it would have reached', () => {
    expect(whatIfChanges(item(outcome([]), outcome(['acknowledge', 'step:analyse'], 2)), i18next.t)).toEqual([
      'would have breached (Acknowledge, Current step · Analyse)',
      'escalated to level 2 instead of 0',
    ]);
  });

  it('says which breach would not have happened', () => {
    expect(whatIfChanges(item(outcome(['case']), outcome([])), i18next.t)).toEqual([
      'would not have breached (Whole case)',
    ]);
  });

  it('says a case keeps its outcome when only its due times move (a calendar change), and shows their weekday', () => {
    const moved = [
      { clock: 'acknowledge', actual: '2026-02-24T03:00:00.000Z', hypothetical: '2026-02-14T03:00:00.000Z' },
    ];
    expect(whatIfChanges(item(outcome(['case']), outcome(['case']), moved), i18next.t)).toEqual([
      'due at other times, same outcome',
    ]);
    // The make-up Saturday shows as one (in the browser's zone: the suite runs in UTC or Shanghai alike).
    expect(dueTimeShown('2026-02-14T03:00:00.000Z', i18next.t)).toMatch(/^2026-02-14 Sat \d\d:00$/);
    expect(dueTimeShown(null, i18next.t)).toBe('—');
  });
});
