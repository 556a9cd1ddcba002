/** A form's values as a request body: fields left empty are left out, as the API takes an absent optional field, not an empty one. */
export const compact = <T>(value: T): T => compactValue(value) as T;

const compactValue = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(compactValue);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .map(([key, field]) => [key, compactValue(field)] as const)
        .filter(([, field]) => field !== undefined && field !== null && field !== ''),
    );
  }
  return typeof value === 'string' ? value.trim() : value;
};
