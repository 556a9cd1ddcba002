import type { TFunction } from 'i18next';
import type { ComplaintView } from '../api/types.js';

/** One field of the case file that an event changed: its label key, and its text before and after. */
export type FieldChange = Readonly<{ field: string; before: string | undefined; after: string | undefined }>;

type Words = (key: string) => string;

/**
 * The fields an auditor reads changes of, each as text people read: codes as
 * words (`words` translates them), a party as who it names. In the order of
 * the case file.
 */
const fields: readonly (readonly [field: string, read: (view: ComplaintView, words: Words) => string | undefined])[] = [
  ['register.complaintTitle', (v) => v.title],
  ['register.description', (v) => v.description],
  ['register.severity', (v, w) => w(`domain:severity.${v.severity}`)],
  ['register.category', (v, w) => w(`domain:category.${v.category}`)],
  ['case.owner', (v) => v.owner],
  ['step.acknowledgement', (v) => v.identification?.acknowledgement],
  ['step.rootCause', (v) => v.analysis?.rootCause],
  ['step.causeCategory', (v, w) => v.analysis && w(`domain:cause.${v.analysis.causeCategory}`)],
  [
    'step.responsible',
    (v, w) => {
      const party = v.analysis?.responsibleParty;
      if (!party) return undefined;
      return party.type === 'supplier'
        ? `${w('step.supplier')} ${party.supplierId}`
        : `${w('step.internal')} ${party.department}`;
    },
  ],
  ['step.containment', (v) => v.analysis?.containmentAction],
  ['step.summary', (v) => v.resolution?.summary],
  ['case.verification', (v) => v.verification?.notes],
  ['step.customerResponse', (v) => v.feedback?.customerResponse],
  ['step.satisfaction', (v) => (v.feedback ? String(v.feedback.satisfactionScore) : undefined)],
  ['step.lessons', (v) => v.archive?.lessonsLearned],
];

/** What an event changed in the case file: the fields whose text differs between the case before it and after it. */
export const fieldChanges = (before: ComplaintView | undefined, after: ComplaintView, words: Words): FieldChange[] =>
  fields.flatMap(([field, read]) => {
    const [was, is] = [before && read(before, words), read(after, words)];
    return was === is ? [] : [{ field, before: was, after: is }];
  });

/** A change as the auditor reads it: "Root cause changed from “X” to “Y”", "根本原因 由「X」改为「Y」". */
export const changeSentence = ({ field, before, after }: FieldChange, t: TFunction): string =>
  before === undefined
    ? t('ui:audit.set', { field: t(`ui:${field}`), after: after ?? '' })
    : after === undefined
      ? t('ui:audit.cleared', { field: t(`ui:${field}`), before })
      : t('ui:audit.changed', { field: t(`ui:${field}`), before, after });
