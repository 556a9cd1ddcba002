import { describe, it } from '@jest/globals';

type Block = (name: string, body: () => void) => void;
type Test = (name: string, body: () => Promise<void> | void) => void;

/**
 * Jest keeps no reason for a skip, so the reason goes into the name: the
 * skip summary printed before Jest's own lists every skipped test with it.
 */
export const describeUnless = (skipReason: string | undefined): Block =>
  // Skipped only with a reason, which the name then carries.
  skipReason ? (name, body) => describe.skip(`${name} [skipped: ${skipReason}]`, body) : describe;

export const itUnless = (skipReason: string | undefined): Test =>
  // Skipped only with a reason, which the name then carries.
  skipReason ? (name, body) => it.skip(`${name} [skipped: ${skipReason}]`, body) : it;
