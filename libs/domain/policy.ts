/** A policy document (SLA, supplier evaluation) that does not hold: every problem, each named by the path of its field. */
export class InvalidPolicy extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid policy:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InvalidPolicy';
  }
}

/** Collects the problems of a policy document while reading it, so all are reported at once. */
export const problemCollector = () => {
  const problems: string[] = [];
  return {
    problems,
    add: (problem: string) => void problems.push(problem),
    /** The value, or `fallback` after recording why it is not usable. */
    attempt: <T>(path: string, read: () => T, fallback: T): T => {
      try {
        return read();
      } catch (error) {
        problems.push(`${path}: ${(error as Error).message}`);
        return fallback;
      }
    },
    throwIfAny: () => {
      if (problems.length > 0) throw new InvalidPolicy(problems);
    },
  };
};
