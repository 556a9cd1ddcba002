import type { RefusalParam } from './errors.js';

/**
 * A rule a value breaks, as data: the key of its sentence in the catalogues
 * (libs/i18n, `fieldRule`) and the values of its placeholders, so every
 * reader is told in their own language.
 */
export type BrokenRule<K extends string> = Readonly<{ key: K; params?: Readonly<Record<string, RefusalParam>> }>;

/** One problem of a document (a policy, the environment): the path of the field, and the rule it breaks. */
export type FieldProblem<K extends string> = BrokenRule<K> & Readonly<{ path: string }>;

/**
 * Collects a document's problems while it is read, so all are reported at
 * once, then throws them together as the document's `Invalid` error.
 */
export const problemCollector = <K extends string>(Invalid: new (problems: readonly FieldProblem<K>[]) => Error) => {
  const problems: FieldProblem<K>[] = [];
  return {
    problems,
    add: (path: string, key: K, params?: BrokenRule<K>['params']) =>
      void problems.push(params ? { path, key, params } : { path, key }),
    throwIfAny: () => {
      if (problems.length > 0) throw new Invalid(problems);
    },
  };
};

/** A value as a problem may quote it, whatever it is (an object without toString included). */
export const shown = (value: unknown): string => {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? typeof value);
  } catch {
    return typeof value;
  }
};
