import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

/**
 * The one way the UI talks to the API: a client typed by the API's OpenAPI
 * document (paths, parameters, request bodies), same origin, the bearer
 * token and the UI's language on every request, problem+json turned into an
 * ApiError whose field errors a form can show.
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

const sessionHeaders: Middleware = {
  onRequest({ request }) {
    if (!request.headers.has('accept')) request.headers.set('accept', 'application/json');
    request.headers.set('accept-language', session?.language ?? navigator.language);
    if (session?.token) request.headers.set('authorization', `Bearer ${session.token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && session?.token) session.onUnauthenticated();
  },
};

/** A query string from the set values only: a filter left empty is no filter. */
const querySerializer = (params: Readonly<Record<string, unknown>>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  return search.toString();
};

export const client = createClient<paths>({ querySerializer });
client.use(sessionHeaders);

/** What a write sends beside its body: the revision shown (If-Match) and the key made when its form opened. */
export type WriteOptions = Readonly<{ revision?: number; idempotencyKey?: string }>;

export const writeHeaders = ({ revision, idempotencyKey }: WriteOptions = {}): Record<string, string> => ({
  ...(revision !== undefined && { 'if-match': `"${revision}"` }),
  ...(idempotencyKey && { 'idempotency-key': idempotencyKey }),
});

/** The headers a request the typed client cannot make (an upload with progress) sends as every other does. */
export const sessionHeaderValues = (): Record<string, string> => ({
  accept: 'application/json',
  'accept-language': session?.language ?? navigator.language,
  ...(session?.token ? { authorization: `Bearer ${session.token}` } : {}),
});

/** A problem answered by the server, as the error a form shows. */
export const problemOf = (response: Pick<Response, 'status' | 'statusText'>, error: unknown): ApiError => {
  const body: Record<string, unknown> =
    typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : { detail: error || undefined };
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

type Answer = Readonly<{ data?: unknown; error?: unknown; response: Response }>;

/** The answer's body as the document types it, or its problem thrown as an ApiError. */
export const bodyOf = async <A extends Answer>(call: Promise<A>): Promise<Exclude<A['data'], undefined>> => {
  const { data, error, response } = await call;
  if (!response.ok) throw problemOf(response, error);
  return data as Exclude<A['data'], undefined>;
};

/**
 * For the answers the document types only in part (the case and supplier
 * views, documented as their core; a report, typed with its CSV alternative;
 * an audit, whose chain verdict is a union there; the what-if): the body as
 * the server's own type says, imported from libs, never copied by hand.
 */
export const bodyAs = <T>(call: Promise<Answer>): Promise<T> => bodyOf(call) as Promise<T>;
