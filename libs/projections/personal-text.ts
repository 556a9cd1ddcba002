import { erasedMark, type Personal } from '../domain/personal.js';
import type { SqlSession } from '../event-store/index.js';

/** A personal value as the read models' search and list columns hold it: its text, or the erased mark. */
export type PersonalText = (value: Personal) => string;

/**
 * The data keys as the projector uses them, inside its transaction: the text
 * of the sealed values a batch holds, and the destruction of a key when the
 * erasure of its customer is projected (with the scrub of the rows, at once).
 */
export type PersonalKeys = Readonly<{
  textsOf(value: unknown, session: SqlSession): Promise<PersonalText>;
  destroy(customerId: string, session: SqlSession): Promise<void>;
}>;

/** What a column holds of a value whose key is gone: plain text (from before sealing) as it was. */
export const sealedAsErased: PersonalText = (value) => (typeof value === 'string' ? value : erasedMark);

/** Without the keys at hand: plain text as it was, sealed values left out. */
export const plainText: PersonalText = (value) => (typeof value === 'string' ? value : '');

/** The projector without the keys (a tool reading the tables): sealed values are left out of the columns. */
export const withoutKeys: PersonalKeys = {
  textsOf: async () => plainText,
  destroy: async () => {},
};
