/**
 * A personal value as the record keeps it: sealed (AES-256-GCM) under the
 * data key of its subject, a customer, named by `key`. The API seals before a
 * workflow sees it and opens what it answers; destroying the key erases the
 * value everywhere at once while every hash over the record still holds.
 */
export type Sealed = Readonly<{ sealed: 1; key: string; iv: string; data: string }>;

/** A value that is personal data: sealed, or text recorded before sealing (or by a deployment without it). */
export type Personal = string | Sealed;

export const isSealed = (value: unknown): value is Sealed =>
  typeof value === 'object' &&
  value !== null &&
  (value as { sealed?: unknown }).sealed === 1 &&
  typeof (value as { key?: unknown }).key === 'string' &&
  typeof (value as { iv?: unknown }).iv === 'string' &&
  typeof (value as { data?: unknown }).data === 'string';

/**
 * A complaint's free text that the deployment's policy (PERSONAL_TEXT) may
 * mark as personal: when the customer is a person, the API seals it under
 * their key, so their erasure erases it too. What people write there is
 * about the person far more often than not; a company's complaints keep
 * theirs open (erasing a company's contacts must not blank its cases).
 */
export const personalTextFields = ['description', 'comments', 'customer-response', 'captions', 'file-names'] as const;
export type PersonalTextField = (typeof personalTextFields)[number];

/** The data key a customer's personal values are sealed under. */
export const personalKeyOf = (customerId: string): string => `customer:${customerId}`;

/**
 * What the read models keep, and the API shows (in the reader's language),
 * where a value was erased. The read models hold no personal value of an
 * erased customer, only this.
 */
export const erasedMark = '[erased]';

/** Every sealed value anywhere in a JSON value. */
export const sealedIn = (value: unknown, found: Sealed[] = []): Sealed[] => {
  if (isSealed(value)) found.push(value);
  else if (Array.isArray(value)) for (const item of value) sealedIn(item, found);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) sealedIn(item, found);
  return found;
};

/**
 * The JSON value with every sealed value replaced by `open` of it (given the
 * path it is at, as `contacts.0.email`); the rest as it was.
 */
export const withSealedReplaced = <T>(value: T, open: (sealed: Sealed, path: string) => string, path = ''): T => {
  if (isSealed(value)) return open(value, path) as T;
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (Array.isArray(value)) return value.map((item, index) => withSealedReplaced(item, open, at(index))) as T;
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withSealedReplaced(item, open, at(key))]),
    ) as T;
  return value;
};

/** A value as the API answers it: every personal value opened to its text (or the erased mark). */
export type Opened<T> = T extends Sealed
  ? string
  : T extends string | number | boolean | null | undefined
    ? T
    : T extends readonly (infer U)[]
      ? readonly Opened<U>[]
      : { [K in keyof T]: Opened<T[K]> };

/** Where in a JSON value the erased mark stands, as `contacts.0.email`. */
export const erasedPathsIn = (value: unknown, path = '', found: string[] = []): string[] => {
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (value === erasedMark) found.push(path);
  else if (Array.isArray(value)) value.forEach((item, index) => erasedPathsIn(item, at(index), found));
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) erasedPathsIn(item, at(key), found);
  return found;
};
