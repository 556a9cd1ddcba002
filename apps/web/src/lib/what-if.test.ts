import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WhatIfCase } from '../api/policies.js';
import { initI18n } from '../i18n/index.js';
import { whatIfChanges } from './what-if.js';

const outcome = (breachedClocks: string[], maxEscalationLevel = 0) => ({
  breached: breachedClocks.length > 0,
  firstBreachAt: breachedClocks.length > 0 ? '2026-03-01T10:00:00Z' : null,
  maxEscalationLevel,
  breachedClocks,
});
const item = (actual: WhatIfCase['actual'], hypothetical: WhatIfCase['hypothetical']): WhatIfCase => ({
  complaintId: 'c-1',
  number: 'CMP-2026-000001',
  severity: 'high',
  status: 'open',
  actual,
  hypothetical,
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
});
