import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const heldHere = new Set<string>();

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * An exclusive lock, held for the life of the process, on whatever `lockPath`
 * guards. A lock left by a process that has died (even by SIGKILL) is taken over.
 */
export const lockDirectory = (lockPath: string, what = dirname(lockPath)): (() => void) => {
  mkdirSync(dirname(lockPath), { recursive: true });
  for (;;) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      heldHere.add(lockPath);
      return () => {
        heldHere.delete(lockPath);
        try {
          unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8'));
      const ownedByUs = owner === process.pid && heldHere.has(lockPath);
      if (ownedByUs || (owner !== process.pid && isAlive(owner))) {
        throw new Error(`${what} is in use by process ${owner}`);
      }
      unlinkSync(lockPath);
    }
  }
};
