import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { InvalidPolicy } from '../domain/index.js';
import { ConfigError } from './config-error.js';

/**
 * A policy from the file an environment variable names (JSON or YAML, by
 * extension), or the built-in default when it names none. A bad file stops
 * start-up with every bad field named, prefixed by the variable.
 */
export const loadPolicyFile = <P>(
  variable: string,
  path: string | undefined,
  parse: (document: unknown) => P,
  fallback: P,
): P => {
  if (!path) return fallback;
  const yaml = /\.ya?ml$/i.test(path);
  const file = `${variable}=${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError([{ path: file, key: 'file-unreadable', params: { code } }]);
  }
  let document: unknown;
  try {
    document = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const params = { format: yaml ? 'YAML' : 'JSON', error: (error as Error).message.split('\n')[0]! };
    throw new ConfigError([{ path: file, key: 'file-not-parsable', params }]);
  }
  try {
    return parse(document);
  } catch (error) {
    if (error instanceof InvalidPolicy)
      throw new ConfigError(error.problems.map((problem) => ({ ...problem, path: `${variable} ${problem.path}` })));
    throw error;
  }
};
