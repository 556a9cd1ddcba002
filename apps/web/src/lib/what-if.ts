import type { TFunction } from 'i18next';
import type { WhatIfCase } from '../api/policies.js';
import { clockName } from './timeline.js';

/** What the other policy would have changed for one case, in the reader's words: its breach, its escalation. */
export const whatIfChanges = (item: WhatIfCase, t: TFunction): string[] => {
  const { actual, hypothetical } = item;
  const clocks = (ids: readonly string[]) => ids.map((id) => clockName(t, id)).join(t('admin.whatIfCases.and'));
  const changes: string[] = [];
  if (!actual.breached && hypothetical.breached)
    changes.push(t('admin.whatIfCases.wouldBreach', { clocks: clocks(hypothetical.breachedClocks) }));
  if (actual.breached && !hypothetical.breached)
    changes.push(t('admin.whatIfCases.wouldNotBreach', { clocks: clocks(actual.breachedClocks) }));
  if (actual.maxEscalationLevel !== hypothetical.maxEscalationLevel)
    changes.push(
      t('admin.whatIfCases.escalation', { from: actual.maxEscalationLevel, to: hypothetical.maxEscalationLevel }),
    );
  return changes;
};
