import { randomBytes } from 'node:crypto';

export const databaseUrl = (): string => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema of its own per test file, so runs never see each other's events. */
export const uniqueSchema = (prefix: string): string => `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
