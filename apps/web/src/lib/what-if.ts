import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import type { WhatIfCase } from '../api/policies.js';
import { clockName } from './timeline.js';

/** What the other policy would have changed for one case, in the reader's words: its breach, its escalation (the due times it moves are a table of their own). */
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
  if (changes.length === 0 && item.dueTimes.length > 0) changes.push(t('admin.whatIfCases.dueTimesOnly'));
  return changes;
};

/** A due time as the what-if's table shows it: the weekday too, since a make-up working day is a Saturday or Sunday. */
export const dueTimeShown = (instant: string | null, t: TFunction): string =>
  instant === null ? t('admin.whatIfCases.noDueTime') : dayjs(instant).format('YYYY-MM-DD ddd HH:mm');
