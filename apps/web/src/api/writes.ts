import { bodyAs, client, writeHeaders, type WriteOptions } from './client.js';
import type { paths } from './schema.js';

type JsonBody<Operation> = Operation extends { requestBody?: { content: { 'application/json': infer Body } } }
  ? Body
  : never;

/** The paths the API takes a JSON body at, by method. */
export type PostPath = { [P in keyof paths]: JsonBody<paths[P]['post']> extends never ? never : P }[keyof paths];
export type PutPath = { [P in keyof paths]: JsonBody<paths[P]['put']> extends never ? never : P }[keyof paths];

/** What the document says a POST to `path` takes: a form sending it is typed by it. */
export type PostBody<P extends PostPath> = JsonBody<paths[P]['post']>;
export type PutBody<P extends PutPath> = JsonBody<paths[P]['put']>;

/** A write as a form sends it: its body, and the revision and key beside it. */
export type Write<Body, Answer> = (body: Body, options: WriteOptions) => Promise<Answer>;

type PathParams = Readonly<Record<string, string>>;

/**
 * A typed POST to one resource. The request is checked against the document
 * by the signature; openapi-fetch's own overloads cannot follow a path that is
 * a type parameter, hence the one cast inside.
 */
export const post =
  <P extends PostPath, Answer>(path: P, params: PathParams = {}): Write<PostBody<P>, Answer> =>
  (body, options) =>
    bodyAs<Answer>(client.POST(path, { params: { path: params }, body, headers: writeHeaders(options) } as never));

export const put =
  <P extends PutPath, Answer>(path: P, params: PathParams = {}): Write<PutBody<P>, Answer> =>
  (body, options) =>
    bodyAs<Answer>(client.PUT(path, { params: { path: params }, body, headers: writeHeaders(options) } as never));
