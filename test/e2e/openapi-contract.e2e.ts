import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import {
  ChangeContactsDto,
  ChangeCustomerDetailsDto,
  RegisterCustomerDto,
} from '../../apps/api/customers/dto/customer-bodies.dto.js';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import { AnalyseStepDto, IdentifyStepDto } from '../../apps/api/complaints/dto/step-bodies.dto.js';
import { CommentDto, ContainmentDto, CustomerWaitDto } from '../../apps/api/complaints/dto/case-actions.dto.js';
import { defaultSlaPolicyDocument } from '../../libs/domain/index.js';
import { AdoptPolicyDto } from '../../apps/api/policies/policies.controller.js';
import { PerformanceDto, RegisterSupplierDto, ScoresDto } from '../../apps/api/suppliers/dto/supplier-bodies.dto.js';
import { http, startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { responseContract, type OpenApiDocument } from '../support/openapi-contract.js';

/**
 * The OpenAPI document is a contract: the web's types are generated from it,
 * and so are other clients'. A short real scenario (a case analysed against a
 * supplier, the supplier graded, a policy adopted) reads every operation and
 * checks each answer against the schema the served `/docs-json` declares for
 * it, so a DTO that drifts from what the API answers fails here.
 */
describe('every answer is what the OpenAPI document declares', () => {
  let dataDir: string;
  let app: RunningApp;
  let api: ReturnType<typeof http>;
  let contract: ReturnType<typeof responseContract>;
  const supplierId = 'sup-contract-01';
  let caseId: string;
  /** The bearer token the dev sign-in gives, for every call after it. */
  let signedIn: Record<string, string> = {};

  /** `method template` with its `{params}` filled in, answered with `status`, its body checked against the document. */
  const call = async (
    method: 'get' | 'post' | 'put',
    template: string,
    status: number,
    { params = {}, query = '', body }: { params?: Record<string, string>; query?: string; body?: unknown } = {},
  ) => {
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
    const response =
      method === 'get' ? await api.get(`${path}${query}`) : await api[method](`${path}${query}`, body ?? {});
    assert.equal(response.status, status, `${method.toUpperCase()} ${path}: ${JSON.stringify(response.body)}`);
    assert.match(response.contentType, /^application\/json/);
    contract.check(method, template, status, response.body);
    return response.body;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-openapi-contract-'));
    // Embedded sign-in, so that the dev token and the sign-in config answer as a person's first visit sees them.
    app = await startApp(join(dataDir, 'data'), { env: { JWT_SECRET: '' } });
    const document = (await http(app.baseUrl).get('/docs-json')).body as OpenApiDocument;
    contract = responseContract(document, { open: ['ComplaintViewDto', 'SupplierViewDto'] });
    api = http(app.baseUrl);
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('documents a success schema for every operation', () => {
    const untyped = Object.entries(contract.document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, { responses = {} }]) =>
          Object.entries(responses)
            .filter(([status]) => status.startsWith('2'))
            .every(([, { content = {} }]) => !Object.values(content).some(({ schema }) => schema)),
        )
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    assert.deepEqual(untyped, []);
  });

  it('answers sign-in, liveness and readiness as documented', async () => {
    assert.deepEqual(await call('get', '/api/v1/auth/config', 200), { mode: 'embedded' });
    const { token } = await call('post', '/api/v1/auth/dev-token', 200, {
      body: { subject: 'li.wei', roles: ['owner', 'supervisor', 'quality-engineer', 'admin'] },
    });
    signedIn = { authorization: `Bearer ${token}` };
    api = http(app.baseUrl, signedIn);
    await call('get', '/api/v1/me', 200);
    await call('get', '/health', 200);
    await call('get', '/health/ready', 200);
  });

  // The supplier first: a case may name only a supplier registered already.
  it('answers a supplier, its Updates, list, history, audit and past states as documented', async () => {
    await call('post', '/api/v1/suppliers', 201, { body: { ...RegisterSupplierDto.example, id: supplierId } });
    const params = { id: supplierId };
    await call('post', '/api/v1/suppliers/{id}/performance', 201, { params, body: PerformanceDto.example });
    await call('post', '/api/v1/suppliers/{id}/evaluations/current/scores', 200, { params, body: ScoresDto.example });
    await call('get', '/api/v1/suppliers/{id}', 200, { params });
    await call('get', '/api/v1/suppliers/{id}/state', 200, { params, query: '?revision=0' });
    await call('get', '/api/v1/suppliers/{id}/history', 200, { params });
    assert.equal((await call('get', '/api/v1/suppliers/{id}/audit', 200, { params })).verdict, 'intact');
    await waitFor('the scorecards to show the graded supplier', async () => {
      const { items } = (await api.get('/api/v1/suppliers')).body;
      return typeof items?.[0]?.grade === 'string';
    });
    const list = await call('get', '/api/v1/suppliers', 200);
    assert.equal(list.items[0].id, supplierId);
  });

  it('answers a customer, its Updates, list, file, history, audit and past states as documented', async () => {
    const params = { id: 'CUST-CONTRACT' };
    await call('post', '/api/v1/customers', 201, { body: { ...RegisterCustomerDto.example, id: params.id } });
    await call('post', '/api/v1/customers', 201, { body: { name: 'Duplicate Co.', kind: 'company', id: 'CUST-DUPE' } });
    await call('post', '/api/v1/customers/{id}/contacts', 200, { params, body: ChangeContactsDto.example });
    await call('post', '/api/v1/customers/{id}/details', 200, { params, body: ChangeCustomerDetailsDto.example });
    await call('post', '/api/v1/customers/{id}/merge', 200, {
      params: { id: 'CUST-DUPE' },
      body: { into: params.id, reason: 'Registered twice' },
    });
    await call('get', '/api/v1/customers/{id}', 200, { params });
    await call('get', '/api/v1/customers/{id}/state', 200, { params, query: '?revision=0' });
    await call('get', '/api/v1/customers/{id}/history', 200, { params });
    await call('get', '/api/v1/customers/{id}/file', 200, { params });
    assert.equal((await call('get', '/api/v1/customers/{id}/audit', 200, { params })).verdict, 'intact');
    await waitFor('the customers listed', async () => (await api.get('/api/v1/customers')).body.total >= 2);
    await call('get', '/api/v1/customers', 200);
  });

  it('answers a case, its Updates, list, history, audit and past states as documented', async () => {
    const registered = await call('post', '/api/v1/complaints', 201, {
      body: { ...RegisterComplaintDto.example, supplierId },
    });
    caseId = registered.id;
    const params = { id: caseId };
    await call('post', '/api/v1/complaints/{id}/steps/identify', 200, { params, body: IdentifyStepDto.example });
    await call('post', '/api/v1/complaints/{id}/comments', 201, { params, body: CommentDto.example });
    await call('post', '/api/v1/complaints/{id}/containment', 200, { params, body: ContainmentDto.example });
    await call('post', '/api/v1/complaints/{id}/customer-wait', 200, { params, body: CustomerWaitDto.example });
    await call('post', '/api/v1/complaints/{id}/steps/analyse', 200, {
      params,
      body: { ...AnalyseStepDto.example, responsibleParty: { type: 'supplier', supplierId } },
    });
    await call('get', '/api/v1/complaints/{id}', 200, { params });
    await call('get', '/api/v1/complaints/{id}/comments', 200, { params });
    await call('get', '/api/v1/complaints/{id}/state', 200, { params, query: '?revision=0' });
    const { events } = await call('get', '/api/v1/complaints/{id}/history', 200, { params });
    assert.ok(events.length >= 4);
    assert.equal((await call('get', '/api/v1/complaints/{id}/audit', 200, { params })).verdict, 'intact');
    await waitFor('the case list to show the analysed case', async () => {
      const { items } = (await api.get('/api/v1/complaints')).body;
      return items?.some((item: { id: string; supplierId: string | null }) => item.supplierId === supplierId);
    });
    const list = await call('get', '/api/v1/complaints', 200);
    assert.equal(list.items[0].id, caseId);
  });

  it('answers evidence uploaded, listed, retracted and audited as documented', async () => {
    for (const [kind, id] of [
      ['complaints', caseId],
      ['suppliers', supplierId],
    ] as const) {
      const form = new FormData();
      form.append('caption', 'As received');
      form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'report.pdf');
      const response = await fetch(`${app.baseUrl}/api/v1/${kind}/${id}/evidence`, {
        method: 'POST',
        headers: signedIn,
        body: form,
      });
      const uploaded = JSON.parse(await response.text());
      assert.equal(response.status, 201, JSON.stringify(uploaded));
      contract.check('post', `/api/v1/${kind}/{id}/evidence`, 201, uploaded);
      const params = { id, evidenceId: uploaded.attached[0].id };
      await call('get', `/api/v1/${kind}/{id}/evidence`, 200, { params });
      await call('get', `/api/v1/${kind}/{id}/evidence`, 200, { params, query: '?revision=0' });
      await call('post', `/api/v1/${kind}/{id}/evidence/{evidenceId}/retract`, 200, {
        params,
        body: { reason: 'Uploaded twice' },
      });
      // A case's file may be purged too (personal data): listed, audited as such.
      if (kind === 'complaints')
        await call('post', '/api/v1/complaints/{id}/evidence/{evidenceId}/purge', 200, {
          params,
          body: { reason: 'The customer was erased' },
        });
      const audit = await call('get', `/api/v1/${kind}/{id}/audit`, 200, { params });
      assert.deepEqual(
        audit.files.map((file: { status: string }) => file.status),
        [kind === 'complaints' ? 'purged' : 'verified'],
      );
    }
  });

  it('answers the reports in JSON, in either language, and in CSV as documented', async () => {
    for (const report of ['/api/v1/reports/complaints', '/api/v1/reports/suppliers']) {
      // Rows to check, not only empty tables: the read models take the scenario's case and supplier in a moment.
      await waitFor(`${report} to have rows`, async () => {
        const { sections } = (await api.get(report)).body;
        return Object.values(sections ?? {}).some((rows) => (rows as unknown[]).length > 0);
      });
      await call('get', report, 200);
      await call('get', report, 200, { query: '?period=day&from=2020-01-01T00:00:00Z' });
      const csv = await fetch(`${app.baseUrl}${report}`, {
        headers: { ...signedIn, accept: 'text/csv', 'accept-language': 'zh-CN' },
      });
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
      // Bytes, not text(): decoding would drop the byte-order mark that spreadsheet programs need.
      const bytes = Buffer.from(await csv.arrayBuffer());
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      contract.check('get', report, 200, bytes.toString('utf8'), 'text/csv');
    }
  });

  it('answers the policies, their adoption and history as documented', async () => {
    await call('get', '/api/v1/policies/{kind}', 200, { params: { kind: 'supplier-evaluation' } });
    const params = { kind: 'sla' };
    assert.equal((await call('get', '/api/v1/policies/{kind}', 200, { params })).source, 'built-in');
    assert.deepEqual(await call('get', '/api/v1/policies/{kind}/history', 200, { params }), []);
    const adopted = await call('put', '/api/v1/policies/{kind}', 200, { params, body: AdoptPolicyDto.example });
    assert.equal(adopted.source, 'adopted');
    assert.equal((await call('get', '/api/v1/policies/{kind}/history', 200, { params })).length, 1);
    const whatIf = await call('post', '/api/v1/audit/what-if', 200, {
      body: { policy: defaultSlaPolicyDocument, from: '2020-01-01T00:00:00Z' },
    });
    assert.ok(whatIf.cases.length >= 1, "the scenario's case is re-run");
  });

  it("answers the read models' status and rebuild as documented", async () => {
    await call('get', '/api/v1/admin/projections', 200);
    const rebuilt = await call('post', '/api/v1/admin/projections/rebuild', 200);
    assert.equal(rebuilt.lag, 0);
  });

  it('checked every operation this scenario is meant to cover', () => {
    const expected = [
      'GET /api/v1/auth/config',
      'POST /api/v1/auth/dev-token',
      'GET /api/v1/me',
      'GET /health',
      'GET /health/ready',
      'POST /api/v1/complaints',
      'POST /api/v1/complaints/{id}/steps/identify',
      'POST /api/v1/complaints/{id}/comments',
      'POST /api/v1/complaints/{id}/containment',
      'POST /api/v1/complaints/{id}/customer-wait',
      'POST /api/v1/complaints/{id}/steps/analyse',
      'GET /api/v1/complaints',
      'GET /api/v1/complaints/{id}',
      'GET /api/v1/complaints/{id}/comments',
      'GET /api/v1/complaints/{id}/state',
      'GET /api/v1/complaints/{id}/history',
      'GET /api/v1/complaints/{id}/audit',
      'POST /api/v1/suppliers',
      'POST /api/v1/suppliers/{id}/performance',
      'POST /api/v1/suppliers/{id}/evaluations/current/scores',
      'GET /api/v1/suppliers',
      'GET /api/v1/suppliers/{id}',
      'GET /api/v1/suppliers/{id}/state',
      'GET /api/v1/suppliers/{id}/history',
      'GET /api/v1/suppliers/{id}/audit',
      'POST /api/v1/customers',
      'POST /api/v1/customers/{id}/contacts',
      'POST /api/v1/customers/{id}/details',
      'POST /api/v1/customers/{id}/merge',
      'GET /api/v1/customers',
      'GET /api/v1/customers/{id}',
      'GET /api/v1/customers/{id}/state',
      'GET /api/v1/customers/{id}/history',
      'GET /api/v1/customers/{id}/file',
      'GET /api/v1/customers/{id}/audit',
      'GET /api/v1/reports/complaints',
      'GET /api/v1/reports/suppliers',
      'GET /api/v1/policies/{kind}',
      'PUT /api/v1/policies/{kind}',
      'GET /api/v1/policies/{kind}/history',
      'POST /api/v1/audit/what-if',
      'GET /api/v1/admin/projections',
      'POST /api/v1/admin/projections/rebuild',
    ];
    assert.deepEqual(
      expected.filter((operation) => !contract.checked().has(operation)),
      [],
    );
  });
});
