import { join } from 'node:path';
import { erasedMark, personalKeyOf, sealedIn, withSealedReplaced, type Sealed } from '../domain/personal.js';
import type { SqlSession } from '../event-store/index.js';
import type { PersonalKeys, PersonalText } from '../projections/personal-text.js';
import { keyFromSecret, seal, unseal } from '../support/envelope.js';
import { keptSecret } from './auth.js';
import type { AppConfig } from './config.js';
import { DataKeys, keySchemaOf } from './data-keys.js';
import type { Storage } from './storage.js';

/** A store that processes share needs one master key for them all, given: each would keep its own otherwise. */
export class DataKeyRequired extends Error {
  constructor(store: string) {
    super(
      `DATA_KEY is required with EVENT_STORE=${store}: every process over one store must wrap the customers' data keys with the same master key (at least 32 characters; keep it as safe as the database's backups)`,
    );
    this.name = 'DataKeyRequired';
  }
}

type MasterKeyConfig = Pick<AppConfig, 'dataKey' | 'dataDir' | 'eventStore'>;

/**
 * The master key: DATA_KEY; for the embedded store (one process) without it,
 * one kept under DATA_DIR (made on first start, readable by its owner only).
 */
export const masterKeyOf = (config: MasterKeyConfig): Uint8Array => {
  if (config.dataKey) return keyFromSecret(config.dataKey);
  if (config.eventStore.kind !== 'embedded') throw new DataKeyRequired(config.eventStore.kind);
  return keyFromSecret(keptSecret(join(config.dataDir, 'auth', 'data-key')));
};

/** A personal value's text under the keys read: the erased mark where its key is gone. */
const textUnder =
  (keys: ReadonlyMap<string, Uint8Array | undefined>): PersonalText =>
  (personal) => {
    if (typeof personal === 'string') return personal;
    const key = keys.get(personal.key);
    return key ? unseal(key, personal) : erasedMark;
  };

/**
 * Personal data at the edges: sealed under its customer's key before a
 * workflow sees it, opened where it is answered, shown as erased once the key
 * is destroyed. The keys live beside the store (the read models' database).
 */
export class PersonalData implements PersonalKeys {
  private constructor(private readonly keys: DataKeys) {}

  /** Refuses (`WrongMasterKey`) a master key other than the one the keys were wrapped with, before writing anything. */
  static async open(storage: Pick<Storage, 'readModels'>, config: MasterKeyConfig) {
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

  /** The keys of every sealed value in `value`, by key id, as the table holds them now: undefined for one destroyed. */
  private keysOf(value: unknown, session?: SqlSession): Promise<Map<string, Uint8Array | undefined>> {
    return this.keys.current([...new Set(sealedIn(value).map((sealed) => sealed.key))], session);
  }

  /** Every sealed value in `value` as its text, or as the erased mark where its key is gone. */
  async open<T>(value: T): Promise<T> {
    const text = textUnder(await this.keysOf(value));
    return withSealedReplaced(value, text);
  }

  async textsOf(value: unknown, session: SqlSession): Promise<PersonalText> {
    return textUnder(await this.keysOf(value, session));
  }
}
