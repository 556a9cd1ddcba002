import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import fc from 'fast-check';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import { roles } from '../../libs/domain/index.js';
import { startApp, type RunningApp } from '../support/app-process.js';
import { as, signJwt, tokenFor } from '../support/tokens.js';

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
  fc.constantFrom('', ' ', '..', '%00', 'null', '-1', '1e309', 'a'.repeat(300)),
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

describe('fuzzing every endpoint with random and malformed requests', () => {
  let dataDir: string;
  let app: RunningApp;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-fuzz-'));
    app = await startApp(join(dataDir, 'data'), { env: { RATE_LIMIT_PER_MINUTE: '0' } });
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

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
    const head = async (): Promise<number | null> =>
      (
        (await (await fetch(`${app.baseUrl}/api/v1/admin/projections`, { headers: as('ops', 'admin') })).json()) as {
          head: number | null;
        }
      ).head;

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
    await fc.assert(
      fc.asyncProperty(request, async ({ operation, body, pathValue, query, headers }) => {
        const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
          encodeURIComponent(
            pathValue === 'existing' ? (existing[name as keyof typeof existing] ?? caseId) : pathValue,
          ),
        );
        const search = new URLSearchParams(query).toString();
        const before = operation.method === 'GET' ? undefined : await head();
        const response = await fetch(`${app.baseUrl}${path}${search ? `?${search}` : ''}`, {
          method: operation.method,
          headers,
          body,
        });
        const text = await response.text();
        assert.ok(
          response.status < 500,
          `${operation.method} ${path}?${search} -> ${response.status}: ${text}\nbody: ${String(body)}`,
        );
        if (response.status !== 401 && response.status !== 403) pastTheDoor++;
        if (response.status >= 400) {
          assert.match(
            response.headers.get('content-type') ?? '',
            /^application\/problem\+json/,
            `${operation.method} ${path}: ${text}`,
          );
          if (before !== undefined) {
            writesRefused++;
            assert.equal(await head(), before, `a refused ${operation.method} ${path} changed the store`);
          }
        }
      }),
      { numRuns: 2000 },
    );
    assert.ok(writesRefused > 500, `${writesRefused} refused writes checked`);
    assert.ok(pastTheDoor > 500, `only ${pastTheDoor} requests got past authentication and the access matrix`);
  });
});
