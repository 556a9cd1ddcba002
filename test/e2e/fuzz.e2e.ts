import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import fc from 'fast-check';
import pg from 'pg';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import { recordedCauseOf } from '../../libs/contracts/index.js';
import { roles } from '../../libs/domain/index.js';
import { openEventStore, type EventStore } from '../../libs/event-store/index.js';
import { startApp, type RunningApp } from '../support/app-process.js';
import { databaseUrl, uniqueSchema } from '../support/postgres.js';
import { as, signJwt, tokenFor } from '../support/tokens.js';

/** encodeURIComponent, but a lone surrogate (which it refuses) goes as the bytes of its code unit, as a hostile client would send it. */
const encodeUnstorable = (text: string): string =>
  [...text]
    .map((char) => {
      const unit = char.charCodeAt(0);
      if (char.length > 1 || unit < 0xd800 || unit > 0xdfff) return encodeURIComponent(char);
      return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    })
    .join('');

type Operation = Readonly<{ method: string; path: string; example?: unknown }>;

/** Every operation of the published OpenAPI document, with its request example when it has one. */
const operationsOf = (document: {
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> } }>
  >;
}): Operation[] =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      example: Object.values(operation.requestBody?.content['application/json']?.examples ?? {})[0]?.value,
    })),
  );

const printable = fc.string({
  unit: fc.constantFrom(...' !"#$%&\'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~'.split('')),
  maxLength: 40,
});
const anyText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', ' ', '..', '%00', 'null', '-1', '1e309', '1e20', '99999999999999999999', 'a'.repeat(300)),
  // What no store can hold: NUL and unpaired surrogates, alone and inside text.
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udc00\ud800'),
);

/** A body: random JSON, the example with a field broken or dropped, or bytes that are not JSON at all. */
const bodyFor = (example: unknown) => {
  const broken =
    example && typeof example === 'object' && Object.keys(example).length > 0
      ? fc
          .tuple(fc.constantFrom(...Object.keys(example)), fc.oneof(fc.anything(), fc.constant(undefined)))
          .map(([key, value]) => ({ ...(example as object), [key]: value }))
      : fc.anything();
  return fc.oneof(
    fc.anything().map((value) => JSON.stringify(value) ?? 'null'),
    broken.map((value) => JSON.stringify(value)),
    fc.constant(JSON.stringify(example ?? {})),
    anyText,
    fc.constantFrom('{', '{"a":', '[1,2', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}'),
    // Nested past what any validator should walk, and numbers past any revision or score.
    fc.constantFrom(`{"text":${'['.repeat(5000)}${']'.repeat(5000)}}`, '{"revision":1e20,"score":1e400}'),
    // `undefined` has no JSON: it stands for a body of null here, as above.
    broken.map((value) => (JSON.stringify(value) ?? 'null').replace(/"[^"]*"/, '"\\u0000"')),
  );
};

const headerValue = fc.oneof(printable, fc.constantFrom('"3"', 'W/"1"', '-1', '99999999999999999999'));

/** Mostly valid tokens of any mix of roles (so requests get past the door), else broken, expired or foreign ones. */
const authorization = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom('li.wei', 'sup.wang', 'zhao.sqe', 'ops', 'ü-ß'), fc.subarray([...roles, 'emperor']))
      .map(([subject, held]) => `Bearer ${tokenFor(subject, held)}`),
  },
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    `Bearer ${tokenFor('li.wei', ['owner'], -120)}`,
    `Bearer ${signJwt({ sub: 'li.wei', roles: ['admin'], exp: 9e9 }, 'another-secret-entirely-0123456789abcdef')}`,
  ),
  fc.constantFrom(
    `Bearer ${signJwt({ sub: 'li.wei', roles: ['admin'], exp: 9e9 }, '', { alg: 'none' }).replace(/[^.]+$/, '')}`,
    `Bearer ${signJwt({ roles: ['admin'], exp: 9e9 })}`,
    `Bearer ${signJwt({ sub: 'a b/c', roles: ['admin'], exp: 9e9 })}`,
  ),
  printable.map((text) => `Bearer ${text}`),
);

/**
 * The product on PostgreSQL, so the test reads the events themselves: the
 * product also writes on its own while requests come (a supplier's cycle
 * opening an evaluation after its registration, a complaint attributed to a
 * supplier), so "nothing changed" is judged event by event, by what caused it.
 */
describe('fuzzing every endpoint with random and malformed requests', () => {
  const schema = uniqueSchema('fuzz');
  let dataDir: string;
  let app: RunningApp;
  let store: EventStore;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-fuzz-'));
    app = await startApp(join(dataDir, 'data'), {
      env: {
        RATE_LIMIT_PER_MINUTE: '0',
        EVENT_STORE: 'postgres',
        DATABASE_URL: databaseUrl(),
        DATABASE_SCHEMA: schema,
      },
    });
    store = await openEventStore({ kind: 'postgres', url: databaseUrl(), schema });
  });
  afterAll(async () => {
    await app?.stop();
    await store?.close();
    const db = new pg.Client({ connectionString: databaseUrl() });
    await db.connect();
    await db.query(`drop schema if exists "${schema}" cascade`);
    await db.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const head = async (): Promise<number> => (await store.headPosition()) ?? 0;

  it('never answers 5xx, and a refused request never changes the store', async () => {
    const document = await (await fetch(`${app.baseUrl}/docs-json`)).json();
    const operations = operationsOf(document as Parameters<typeof operationsOf>[0]);
    assert.ok(operations.length >= 30, `${operations.length} operations`);

    const registered = await fetch(`${app.baseUrl}/api/v1/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as('desk', 'owner') },
      body: JSON.stringify(RegisterComplaintDto.example),
    });
    const caseId = ((await registered.json()) as { id: string }).id;
    const existing = { id: caseId, actionId: 'CAR-1', kind: 'sla' };
    /** The ids of the requests answered 2xx: the only requests whose events may be in the store. */
    const accepted = new Set<string>();
    /**
     * Every event written since `before` was caused by the product itself (a
     * timer, a signal, its own decision) or by a request it accepted, and none
     * carries the id of the refused request.
     */
    const assertNothingWrittenBy = async (requestId: string, before: number, what: string) => {
      for (const { position, streamId, type, metadata } of await store.readAll({ fromPosition: before + 1 })) {
        // The kind of cause is the product's own word (typed metadata), never read from an id a client may have chosen.
        const cause = recordedCauseOf(metadata);
        const byProduct = cause?.typed === true && cause.kinds[0] !== 'update';
        const written = `${what} was refused, yet event ${position} (${type} on ${streamId}, ${JSON.stringify(metadata)})`;
        assert.ok(metadata.correlationId !== requestId && metadata.causationId !== requestId, `${written} is its own`);
        assert.ok(byProduct || accepted.has(metadata.correlationId ?? ''), `${written} comes from no accepted request`);
      }
    };

    const request = fc.constantFrom(...operations).chain((operation) =>
      fc.record({
        operation: fc.constant(operation),
        body: operation.method === 'GET' ? fc.constant(undefined) : bodyFor(operation.example),
        pathValue: fc.oneof(fc.constant('existing'), fc.uuid(), anyText),
        query: fc.array(
          fc.tuple(
            fc.constantFrom(
              'asOf',
              'revision',
              'limit',
              'offset',
              'step',
              'owner',
              'overdue',
              'q',
              'sort',
              'period',
              'from',
              'grade',
              'x',
            ),
            anyText,
          ),
          { maxLength: 4 },
        ),
        headers: fc.record(
          {
            authorization,
            'idempotency-key': headerValue,
            'if-match': headerValue,
            'content-type': fc.constantFrom(
              'application/json',
              'text/plain',
              'application/x-www-form-urlencoded',
              'application/json; charset=latin1',
            ),
          },
          { requiredKeys: [] },
        ),
      }),
    );

    let writesRefused = 0;
    let pastTheDoor = 0;
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ operation, body, pathValue, query, headers }) => {
        const requestId = `fuzz-${++sent}`;
        const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
          encodeUnstorable(pathValue === 'existing' ? (existing[name as keyof typeof existing] ?? caseId) : pathValue),
        );
        const search = new URLSearchParams(query).toString();
        const before = operation.method === 'GET' ? undefined : await head();
        const response = await fetch(`${app.baseUrl}${path}${search ? `?${search}` : ''}`, {
          method: operation.method,
          headers: { ...headers, 'x-request-id': requestId },
          body,
        });
        const text = await response.text();
        assert.ok(
          response.status < 500,
          `${operation.method} ${path}?${search} -> ${response.status}: ${text}\nbody: ${String(body)}`,
        );
        if (response.status !== 401 && response.status !== 403) pastTheDoor++;
        if (response.status < 400) accepted.add(requestId);
        else {
          assert.match(
            response.headers.get('content-type') ?? '',
            /^application\/problem\+json/,
            `${operation.method} ${path}: ${text}`,
          );
          if (before !== undefined) {
            writesRefused++;
            await assertNothingWrittenBy(requestId, before, `${operation.method} ${path}`);
          }
        }
      }),
      { numRuns: 2000 },
    );
    assert.ok(writesRefused > 500, `${writesRefused} refused writes checked`);
    assert.ok(pastTheDoor > 500, `only ${pastTheDoor} requests got past authentication and the access matrix`);
  });
});
