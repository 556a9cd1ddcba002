import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { InvalidPolicy } from '../domain/index.js';

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
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidPolicy([
      `${variable}=${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    ]);
  }
  let document: unknown;
  try {
    document = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new InvalidPolicy([
      `${variable}=${path}: not valid ${yaml ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0]}`,
    ]);
  }
  try {
    return parse(document);
  } catch (error) {
    if (error instanceof InvalidPolicy)
      throw new InvalidPolicy(error.problems.map((problem) => `${variable} ${problem}`));
    throw error;
  }
};
