import { join } from 'node:path';
import { erasedMark, personalKeyOf, sealedIn, withSealedReplaced, type Sealed } from '../domain/personal.js';
import type { SqlSession } from '../event-store/index.js';
import type { PersonalKeys, PersonalText } from '../projections/personal-text.js';
import { keyFromSecret, seal, unseal } from '../support/envelope.js';
import { keptSecret } from './auth.js';
import type { AppConfig } from './config.js';
import { DataKeys, KeyDestroyed, keySchemaOf } from './data-keys.js';
import type { Storage } from './storage.js';

/** The master key: DATA_KEY, else one kept under DATA_DIR (made on first start, readable by its owner only). */
export const masterKeyOf = (config: Pick<AppConfig, 'dataKey' | 'dataDir'>): Uint8Array =>
  keyFromSecret(config.dataKey ?? keptSecret(join(config.dataDir, 'auth', 'data-key')));

/** What `open` found: the value with every sealed value as text, and where values were erased. */
export type Opened<T> = Readonly<{ value: T; erased: string[] }>;

/**
 * Personal data at the edges: sealed under its customer's key before a
 * workflow sees it, opened where it is answered, shown as erased once the key
 * is destroyed. The keys live beside the store (the read models' database).
 */
export class PersonalData implements PersonalKeys {
  private constructor(private readonly keys: DataKeys) {}

  /** Refuses (`WrongMasterKey`) a master key other than the one the keys were wrapped with, before writing anything. */
  static async open(storage: Pick<Storage, 'readModels'>, config: Pick<AppConfig, 'dataKey' | 'dataDir'>) {
    const { db, schema } = storage.readModels;
    return new PersonalData(await DataKeys.open(db, keySchemaOf(schema), masterKeyOf(config)));
  }

  /** The text sealed under the customer's key, made on first use; `KeyDestroyed` once the customer was erased. */
  async seal(customerId: string, text: string): Promise<Sealed> {
    const keyId = personalKeyOf(customerId);
    return seal(await this.keys.keyFor(keyId), keyId, text);
  }

  /** The customer's key destroyed, for good. */
  destroy(customerId: string, session?: SqlSession): Promise<void> {
    return this.keys.destroy(personalKeyOf(customerId), session);
  }

  /** The keys of every sealed value in `value`, by key id: undefined for one destroyed (or never made). */
  private async keysOf(value: unknown, session?: SqlSession): Promise<Map<string, Uint8Array | undefined>> {
    const found = new Map<string, Uint8Array | undefined>();
    for (const { key } of sealedIn(value)) {
      if (found.has(key)) continue;
      found.set(
        key,
        await this.keys.key(key, session).catch((error: unknown) => {
          if (error instanceof KeyDestroyed) return undefined;
          throw error;
        }),
      );
    }
    return found;
  }

  /** Every sealed value in `value` as its text, or as `erased` where its key is gone; and the paths erased. */
  async open<T>(value: T, erased: string): Promise<Opened<T>> {
    const keys = await this.keysOf(value);
    const paths: string[] = [];
    const opened = withSealedReplaced(value, (sealed, path) => {
      const key = keys.get(sealed.key);
      if (key) return unseal(key, sealed);
      paths.push(path);
      return erased;
    });
    return { value: opened, erased: paths };
  }

  async textsOf(value: unknown, session: SqlSession): Promise<PersonalText> {
    const keys = await this.keysOf(value, session);
    return (personal) => {
      if (typeof personal === 'string') return personal;
      const key = keys.get(personal.key);
      return key ? unseal(key, personal) : erasedMark;
    };
  }
}
