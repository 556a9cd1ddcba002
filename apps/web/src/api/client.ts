/**
 * The one way the UI talks to the API: same origin, bearer token, the UI's
 * language in Accept-Language, problem+json turned into an ApiError whose
 * field errors a form can show.
 */
export type FieldError = Readonly<{ field: string; message: string }>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly code: string,
    readonly errors: readonly FieldError[] = [],
    readonly body: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail ?? title);
  }
  /** A write the server holds: repeat it with the same Idempotency-Key to learn its outcome. */
  get pending(): boolean {
    return this.status === 503 && this.body.pending === true;
  }
}

export type Session = Readonly<{ token: string; language: string; onUnauthenticated: () => void }>;

let session: Session | undefined;
export const setSession = (next: Session | undefined) => {
  session = next;
};

export type WriteOptions = Readonly<{ revision?: number; idempotencyKey?: string }>;

const problemOf = async (response: Response): Promise<ApiError> => {
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { detail: text };
  }
  const code = typeof body.type === 'string' ? body.type.replace('urn:qloop:problem:', '') : `http-${response.status}`;
  return new ApiError(
    response.status,
    typeof body.title === 'string' ? body.title : response.statusText,
    typeof body.detail === 'string' ? body.detail : undefined,
    code,
    Array.isArray(body.errors) ? (body.errors as FieldError[]) : [],
    body,
  );
};

export const request = async <T>(
  method: string,
  path: string,
  body?: unknown,
  { revision, idempotencyKey }: WriteOptions = {},
  accept = 'application/json',
): Promise<T> => {
  const headers: Record<string, string> = { accept, 'accept-language': session?.language ?? navigator.language };
  if (session?.token) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (revision !== undefined) headers['if-match'] = `"${revision}"`;
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && session?.token) session.onUnauthenticated();
  if (!response.ok) throw await problemOf(response);
  if (accept !== 'application/json') return (await response.text()) as T;
  return (response.status === 204 ? undefined : await response.json()) as T;
};

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown, options?: WriteOptions) => request<T>('POST', path, body, options),
  put: <T>(path: string, body: unknown, options?: WriteOptions) => request<T>('PUT', path, body, options),
  csv: (path: string) => request<string>('GET', path, undefined, {}, 'text/csv'),
};

/** A query string from the set values only. */
export const query = (params: Readonly<Record<string, string | number | boolean | undefined | null>>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};
