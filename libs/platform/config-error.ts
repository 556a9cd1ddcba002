import type { FieldProblem } from '../domain/index.js';
import { en, say, type FieldRuleKey } from '../i18n/index.js';

export type ConfigProblem = FieldProblem<FieldRuleKey>;

/** A problem as an operator reads it at start-up or on the command line: in English, after the path of its field. */
export const inEnglish = ({ path, key, params }: ConfigProblem): string =>
  `${path}: ${say(en, en.fieldRule[key], params)}`;

/** The environment, or a file it names, does not hold: every problem, each named by its variable (and field). */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${inEnglish(problem)}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
