import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import { AnalyseStepDto, IdentifyStepDto, ResolveStepDto } from '../../apps/api/complaints/dto/step-bodies.dto.js';
import { http, startApp, type RunningApp } from '../support/app-process.js';
import { as, signJwt, tokenFor } from '../support/tokens.js';
import { withoutMailRecords } from '../support/mail-records.js';

const everyone = ['owner', 'supervisor', 'quality-engineer', 'auditor', 'admin'] as const;
type Role = (typeof everyone)[number];
const caseWork: Role[] = ['owner', 'supervisor'];
const supervisors: Role[] = ['supervisor'];
const engineers: Role[] = ['quality-engineer'];

/**
 * The access matrix, written out as the product promises it (README, "Who may
 * do what"): every operation of the API, and the roles that may call it.
 * An operation missing here fails the test, so a new endpoint must be placed.
 */
const matrix: Record<string, readonly Role[]> = {
  'GET /api/v1/complaints': everyone,
  'POST /api/v1/complaints': caseWork,
  'GET /api/v1/complaints/{id}': everyone,
  'GET /api/v1/complaints/{id}/history': everyone,
  'GET /api/v1/complaints/{id}/comments': everyone,
  'GET /api/v1/complaints/{id}/state': everyone,
  'GET /api/v1/complaints/{id}/audit': everyone,
  'POST /api/v1/complaints/{id}/steps/identify': caseWork,
  'POST /api/v1/complaints/{id}/steps/analyse': caseWork,
  'POST /api/v1/complaints/{id}/steps/resolve': caseWork,
  'POST /api/v1/complaints/{id}/steps/verify': caseWork,
  'POST /api/v1/complaints/{id}/steps/feedback': caseWork,
  'POST /api/v1/complaints/{id}/steps/archive': caseWork,
  'POST /api/v1/complaints/{id}/comments': caseWork,
  'POST /api/v1/complaints/{id}/severity': caseWork,
  'POST /api/v1/complaints/{id}/customer-wait': caseWork,
  'POST /api/v1/complaints/{id}/containment': caseWork,
  'POST /api/v1/complaints/{id}/customer-wait/end': caseWork,
  'POST /api/v1/complaints/{id}/withdraw': caseWork,
  'POST /api/v1/complaints/{id}/assign': supervisors,
  'POST /api/v1/complaints/{id}/escalate': supervisors,
  'POST /api/v1/complaints/{id}/de-escalate': supervisors,
  'POST /api/v1/complaints/{id}/reopen': supervisors,
  'POST /api/v1/complaints/{id}/feedback-link': caseWork,
  'POST /api/v1/complaints/{id}/evidence': caseWork,
  'GET /api/v1/complaints/{id}/evidence': everyone,
  'GET /api/v1/complaints/{id}/evidence/{evidenceId}': everyone,
  'GET /api/v1/complaints/{id}/evidence/{evidenceId}/thumbnail': everyone,
  'POST /api/v1/complaints/{id}/evidence/{evidenceId}/retract': caseWork,
  'POST /api/v1/complaints/{id}/evidence/{evidenceId}/purge': ['admin'],
  'GET /api/v1/suppliers': everyone,
  'POST /api/v1/suppliers': engineers,
  'GET /api/v1/suppliers/{id}': everyone,
  'GET /api/v1/suppliers/{id}/history': everyone,
  'GET /api/v1/suppliers/{id}/state': everyone,
  'GET /api/v1/suppliers/{id}/audit': everyone,
  'POST /api/v1/suppliers/{id}/performance': engineers,
  'POST /api/v1/suppliers/{id}/evaluations': engineers,
  'POST /api/v1/suppliers/{id}/evaluations/current/scores': engineers,
  'POST /api/v1/suppliers/{id}/corrective-actions/{actionId}/response': engineers,
  'POST /api/v1/suppliers/{id}/requalify': engineers,
  'POST /api/v1/suppliers/{id}/evidence': engineers,
  'GET /api/v1/suppliers/{id}/evidence': everyone,
  'GET /api/v1/suppliers/{id}/evidence/{evidenceId}': everyone,
  'GET /api/v1/suppliers/{id}/evidence/{evidenceId}/thumbnail': everyone,
  'POST /api/v1/suppliers/{id}/evidence/{evidenceId}/retract': engineers,
  'GET /api/v1/customers': everyone,
  'POST /api/v1/customers': caseWork,
  'GET /api/v1/customers/{id}': everyone,
  'GET /api/v1/customers/{id}/file': everyone,
  'GET /api/v1/customers/{id}/history': everyone,
  'GET /api/v1/customers/{id}/state': everyone,
  'GET /api/v1/customers/{id}/audit': everyone,
  'POST /api/v1/customers/{id}/contacts': caseWork,
  'POST /api/v1/customers/{id}/details': caseWork,
  'POST /api/v1/customers/{id}/merge': supervisors,
  // A person's rights over their data: what the product holds of them, and its erasure, are the administrators'.
  'GET /api/v1/customers/{id}/export': ['admin'],
  'POST /api/v1/customers/{id}/erase': ['admin'],
  'GET /api/v1/customers/{id}/evidence': ['admin'],
  'GET /api/v1/reports/complaints': everyone,
  'GET /api/v1/reports/suppliers': everyone,
  'POST /api/v1/audit/what-if': everyone,
  'GET /api/v1/policies/{kind}': everyone,
  'GET /api/v1/policies/{kind}/history': everyone,
  'PUT /api/v1/policies/{kind}': ['admin'],
  'GET /api/v1/admin/projections': ['admin', 'auditor'],
  'POST /api/v1/admin/projections/rebuild': ['admin'],
  'GET /api/v1/admin/webhooks/dead-letters': ['admin'],
  'POST /api/v1/admin/webhooks/dead-letters/{messageId}/resend': ['admin'],
  'GET /api/v1/admin/mail': ['admin'],
  'GET /api/v1/admin/mail/inbound': ['admin'],
  'GET /api/v1/me/notices': everyone,
  'POST /api/v1/me/notices/read': everyone,
  'GET /api/v1/me': everyone,
};
/**
 * Public: health, how a browser signs in (a token minted only in the embedded product, which this app is not),
 * a file by the signed link a file list gave, the customer's feedback page by its link (the link is the permission),
 * and the public complaint form (its proof of work is the permission; its upload token, for the files after it).
 */
const open = [
  'GET /health',
  'GET /health/ready',
  'GET /api/v1/auth/config',
  'POST /api/v1/auth/dev-token',
  'GET /api/v1/files/{token}',
  'GET /api/v1/public/feedback/{token}',
  'POST /api/v1/public/feedback/{token}',
  'GET /api/v1/public/challenge',
  'POST /api/v1/public/complaints',
  'POST /api/v1/public/uploads/{token}',
];

type Operation = Readonly<{ name: string; method: string; path: string }>;

describe('who may do what: authentication and the access matrix, on every endpoint', () => {
  let dataDir: string;
  let app: RunningApp;
  let operations: Operation[];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-access-'));
    app = await startApp(join(dataDir, 'data'), { env: { RATE_LIMIT_PER_MINUTE: '0' } });
    const document = (await http(app.baseUrl).get('/docs-json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
      })),
    );
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async ({ method, path }: Operation, headers: Record<string, string>) => {
    const url = path.replace('{id}', crypto.randomUUID()).replace('{actionId}', 'CAR-1').replace('{kind}', 'sla');
    const response = await fetch(`${app.baseUrl}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: method === 'GET' ? undefined : '{}',
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json().catch(() => undefined)) as { type?: string } | undefined,
    };
  };

  it('places every documented operation in the matrix', () => {
    const documented = operations.map((operation) => operation.name).sort();
    assert.deepEqual(documented, [...Object.keys(matrix), ...open].sort());
  });

  it('refuses every operation but health without a valid token: 401, problem+json, WWW-Authenticate', async () => {
    const now = Math.floor(Date.now() / 1000);
    const bad = {
      none: {},
      'not bearer': { authorization: 'Basic bGkud2VpOnB3' },
      garbage: { authorization: 'Bearer not.a.token' },
      expired: { authorization: `Bearer ${tokenFor('li.wei', ['admin'], -120)}` },
      'another secret': {
        authorization: `Bearer ${signJwt({ sub: 'li.wei', roles: ['admin'], exp: now + 60 }, 'a-secret-that-is-not-this-servers-0123456789')}`,
      },
      'alg none': {
        authorization: `Bearer ${signJwt({ sub: 'li.wei', roles: ['admin'], exp: now + 60 }, '', { alg: 'none' }).replace(/[^.]+$/, '')}`,
      },
      'no expiry': { authorization: `Bearer ${signJwt({ sub: 'li.wei', roles: ['admin'] })}` },
      'no subject': { authorization: `Bearer ${signJwt({ roles: ['admin'], exp: now + 60 })}` },
    };
    for (const operation of operations.filter(({ name }) => !open.includes(name))) {
      for (const [kind, headers] of Object.entries(bad)) {
        const response = await call(operation, headers);
        assert.equal(response.status, 401, `${operation.name} with ${kind}`);
        assert.equal(response.body?.type, 'urn:qloop:problem:unauthenticated');
        assert.equal(response.headers.get('www-authenticate'), 'Bearer');
      }
    }
    for (const name of open)
      assert.notEqual(
        (
          await call(
            operations.find((o) => o.name === name)!,
            {},
          )
        ).status,
        401,
        name,
      );
  });

  it('mints no token where a secret or an identity provider signs: the browser is told to bring one', async () => {
    const api = http(app.baseUrl);
    assert.deepEqual((await api.get('/api/v1/auth/config')).body, { mode: 'token' });
    const refused = await api.post('/api/v1/auth/dev-token', { subject: 'li.wei', roles: ['admin'] });
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal(refused.body.type, 'urn:qloop:problem:not-permitted');
    const me = await http(app.baseUrl, as('li.wei', 'owner')).get('/api/v1/me');
    assert.deepEqual(me.body, {
      subject: 'li.wei',
      roles: ['owner'],
      team: [],
      allowedActions: ['register-complaint', 'register-customer'],
    });
    const auditor = await http(app.baseUrl, as('audit.an', 'auditor')).get('/api/v1/me');
    assert.deepEqual([...auditor.body.allowedActions], [], 'an auditor registers nothing and administers nothing');
  });

  it('lets each role through exactly the operations the matrix gives it, and refuses the rest with 403', async () => {
    let checked = 0;
    for (const operation of operations.filter(({ name }) => matrix[name])) {
      for (const role of everyone) {
        const response = await call(operation, as(`someone.${role}`, role));
        const allowed = matrix[operation.name]!.includes(role);
        if (allowed)
          assert.ok(
            ![401, 403].includes(response.status),
            `${operation.name} as ${role}: ${response.status} ${JSON.stringify(response.body)}`,
          );
        else {
          assert.equal(response.status, 403, `${operation.name} as ${role}: ${JSON.stringify(response.body)}`);
          assert.equal(response.body?.type, 'urn:qloop:problem:not-permitted');
        }
        checked++;
      }
      // A token with no role qloop knows grants nothing.
      assert.equal(
        (await call(operation, as('someone', 'emperor'))).status,
        403,
        `${operation.name} with an unknown role`,
      );
    }
    assert.equal(checked, Object.keys(matrix).length * everyone.length);
  });

  it('records the token subject as the actor, refuses an actor in the body, and keeps an owner to their own cases', async () => {
    const api = http(app.baseUrl, as('desk', 'owner'));
    const created = await api.post('/api/v1/complaints', RegisterComplaintDto.example);
    assert.equal(created.status, 201);
    const id: string = created.body.id;

    const forged = await api.post(`/api/v1/complaints/${id}/comments`, { text: 'x', actor: 'ceo', by: 'ceo' });
    assert.equal(forged.status, 400);
    assert.deepEqual(forged.body.errors.map((e: { field: string }) => e.field).sort(), ['actor', 'by']);

    // Nobody owns it yet: any owner may identify it, naming li.wei its owner.
    assert.equal(
      (await api.post(`/api/v1/complaints/${id}/steps/identify`, IdentifyStepDto.example, as('desk', 'owner'))).status,
      200,
    );
    const stranger = await api.post(
      `/api/v1/complaints/${id}/comments`,
      { text: 'Not my case' },
      as('zhou.min', 'owner'),
    );
    assert.equal(stranger.status, 403);
    assert.equal(stranger.body.owner, 'li.wei');
    assert.equal(
      (await api.post(`/api/v1/complaints/${id}/comments`, { text: 'Mine' }, as('li.wei', 'owner'))).status,
      201,
    );
    assert.equal(
      (await api.post(`/api/v1/complaints/${id}/comments`, { text: 'Any case' }, as('sup.wang', 'supervisor'))).status,
      201,
    );

    const history = (await api.get(`/api/v1/complaints/${id}/history`)).body.events as {
      type: string;
      actor: string;
    }[];
    assert.deepEqual(
      withoutMailRecords(history).map((e) => [e.type, e.actor]),
      [
        ['ComplaintRegistered', 'desk'],
        ['ComplaintIdentified', 'desk'],
        ['CommentAdded', 'li.wei'],
        ['CommentAdded', 'sup.wang'],
      ],
    );
  });

  it('tells each caller what they may do to a case now: owner, implementer, stranger, supervisor, auditor', async () => {
    const owner = as('li.wei', 'owner');
    const api = http(app.baseUrl, owner);
    const id: string = (await api.post('/api/v1/complaints', RegisterComplaintDto.example)).body.id;
    const allowed = async (token: Record<string, string>) => {
      const response = await http(app.baseUrl, token).get(`/api/v1/complaints/${id}`);
      assert.equal(response.status, 200);
      return [...(response.body.allowedActions as string[])];
    };
    assert.deepEqual(await allowed(owner), [
      'identify',
      'comment',
      'wait',
      'contain',
      'attach-evidence',
      'severity',
      'withdraw',
    ]);
    assert.equal((await api.post(`/api/v1/complaints/${id}/steps/identify`, IdentifyStepDto.example)).status, 200);
    assert.equal((await api.post(`/api/v1/complaints/${id}/steps/analyse`, AnalyseStepDto.example)).status, 200);
    const resolved = await api.post(`/api/v1/complaints/${id}/steps/resolve`, ResolveStepDto.example);
    assert.equal(resolved.status, 200);
    // An Update's answer is the view for the one who sent it: li.wei implemented the resolution.
    assert.deepEqual([...resolved.body.allowedActions], ['comment', 'wait', 'attach-evidence', 'severity', 'withdraw']);
    assert.deepEqual(
      await allowed(owner),
      ['comment', 'wait', 'attach-evidence', 'severity', 'withdraw'],
      'the implementer may not verify',
    );
    assert.deepEqual(await allowed(as('zhou.min', 'owner')), [], "another owner's case");
    assert.deepEqual(await allowed(as('sup.wang', 'supervisor')), [
      'verify',
      'comment',
      'wait',
      'attach-evidence',
      'severity',
      'withdraw',
      'assign',
      'escalate',
    ]);
    assert.deepEqual(await allowed(as('audit.an', 'auditor')), []);
    assert.deepEqual(await allowed(as('zhao.sqe', 'quality-engineer')), []);

    const view = (await api.get(`/api/v1/complaints/${id}`)).body;
    assert.deepEqual(view.scales, {
      escalationLadder: 3,
      satisfaction: { min: 1, max: 5 },
      pauseReasons: [
        { code: 'awaiting-information' },
        { code: 'awaiting-returned-part' },
        { code: 'awaiting-customer-test' },
        { code: 'customer-unreachable' },
      ],
    });
    for (const clock of view.sla.clocks) {
      assert.equal(clock.warningRatio, 0.8, clock.id);
      assert.equal(clock.warnAtMs, Math.round(clock.targetMs * 0.8), clock.id);
    }
    const running = view.sla.clocks.find((clock: { id: string }) => clock.id === 'step:verify');
    assert.ok(running.warnAt && running.warnAt < running.dueAt, 'a running clock says when it will warn');
  });
});
