import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { defaultSlaPolicy, InvalidSlaPolicy, parseSlaPolicy, type SlaPolicy } from '../domain/index.js';

/**
 * The SLA policy from SLA_POLICY_PATH (JSON or YAML, by extension), or the
 * built-in default. A bad file stops start-up with every bad field named.
 */
export const loadSlaPolicy = (path: string | undefined): SlaPolicy => {
  if (!path) return defaultSlaPolicy;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidSlaPolicy([`SLA_POLICY_PATH=${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  let document: unknown;
  try {
    document = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new InvalidSlaPolicy([`SLA_POLICY_PATH=${path}: not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0]}`]);
  }
  return parseSlaPolicy(document);
};
