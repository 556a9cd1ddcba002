import 'reflect-metadata';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import {
  AnalyseStepDto,
  ArchiveStepDto,
  FeedbackStepDto,
  IdentifyStepDto,
  ResolveStepDto,
  VerifyStepDto,
} from '../../apps/api/complaints/dto/step-bodies.dto.js';
import { loadConfig } from '../../libs/platform/config.js';
import { openStorage, type Storage } from '../../libs/platform/storage.js';
import { customerIdOf } from '../../libs/support/customer-ref.js';
import type { SqlSession } from '../../libs/event-store/index.js';
import { http, startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { databaseUrl, uniqueSchema } from '../support/postgres.js';
import { as, testDataKey } from '../support/tokens.js';

const owner = as('li.wei', 'owner');
const verifier = as('zhang.qa', 'owner');
const admin = as('chen.admin', 'admin');
const auditor = as('eve.audit', 'auditor');
const supervisor = as('wang.sup', 'supervisor');

/** The person, and what must not be found of them anywhere once erased (the search columns lower-case). */
const person = { name: 'Zhou Xiaomei 周晓梅', email: 'zhou.xiaomei@example.cn', phone: '+86 138 0013 8000' };
const needles = ['周晓梅', 'xiaomei', 'zhou.xiaomei@example', '138 0013 8000'];

/** Every row of every table in these schemas, as text, that holds one of the needles (case aside). */
const rowsHolding = async (db: SqlSession, schemas: string[]): Promise<string[]> => {
  const tables = await db.query<{ table_schema: string; table_name: string }>(
    `select table_schema, table_name from information_schema.tables
      where table_schema = any($1::text[]) and table_type = 'BASE TABLE'`,
    [schemas],
  );
  assert.ok(tables.length > 5, `tables to scan in ${schemas.join(', ')}`);
  const found: string[] = [];
  for (const { table_schema, table_name } of tables) {
    const name = `"${table_schema}"."${table_name}"`;
    for (const needle of needles) {
      const [row] = await db.query<{ n: string | number }>(
        `select count(*) as n from ${name} t where t::text ilike $1`,
        [`%${needle}%`],
      );
      if (Number(row!.n) > 0) found.push(`${name} holds "${needle}" in ${row!.n} rows`);
    }
  }
  return found;
};

/** A file as a browser uploads it, in one multipart part named "file". */
const upload = async (
  baseUrl: string,
  path: string,
  bytes: Uint8Array,
  fileName: string,
  fields: Record<string, string> = {},
) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type: 'text/plain' }), fileName);
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: owner, body: form });
  return { status: response.status, body: (await response.json()) as any };
};

/** Every byte of a workflow's history, its payloads decoded: what the Temporal server keeps of it. */
const historyText = async (client: Client, workflowId: string): Promise<string> => {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const parts: string[] = [];
  const walk = (value: unknown): void => {
    if (value instanceof Uint8Array) parts.push(Buffer.from(value).toString('utf8'));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
    else if (typeof value === 'string') parts.push(value);
  };
  walk(history);
  return parts.join('\n');
};

/** `temporal workflow show` as an operator runs it, its base64 payloads decoded too. */
const workflowShown = (address: string, workflowId: string): string => {
  const cli = process.env.TEMPORAL_CLI_PATH;
  if (!cli) throw new Error('TEMPORAL_CLI_PATH is unset: run integration tests through `npm test`');
  const shown = execFileSync(
    cli,
    ['workflow', 'show', '--address', address, '--workflow-id', workflowId, '-o', 'json'],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const decoded = [...shown.matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g)].map(([, data]) =>
    Buffer.from(data!, 'base64').toString('utf8'),
  );
  assert.ok(decoded.length > 3, 'the history shown carries payloads');
  return `${shown}\n${decoded.join('\n')}`;
};

/** Every file under a directory, as bytes in one text: the embedded Temporal server's database, say. */
const filesText = (dir: string): string =>
  readdirSync(dir)
    .map((entry) => join(dir, entry))
    .map((path) => (statSync(path).isDirectory() ? filesText(path) : readFileSync(path).toString('latin1')))
    .join('\n');

const holding = (text: string, where: string) =>
  needles
    .filter((needle) => text.toLowerCase().includes(Buffer.from(needle.toLowerCase()).toString('latin1')))
    .map((needle) => `${where} holds "${needle}"`);

type Store = 'postgres' | 'embedded';

const suite = (store: Store) =>
  describe(`a person's data, sealed and erased, every audit intact (npm start, ${store})`, () => {
    const schema = uniqueSchema('personal_e2e');
    let root: string;
    let app: RunningApp;
    let api: ReturnType<typeof http>;
    let temporal: Client;
    let database: pg.Client | undefined;
    const storeEnv: Record<string, string> =
      store === 'postgres'
        ? { EVENT_STORE: 'postgres', DATABASE_URL: databaseUrl(), DATABASE_SCHEMA: schema, DATA_KEY: testDataKey }
        : {};

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'qloop-personal-'));
      // The verifier is of the owner's team: one who did not resolve it verifies.
      const teams = join(root, 'teams.yaml');
      writeFileSync(teams, 'teams:\n  line-2: [li.wei, zhang.qa]\n');
      // One file an upload: bytes a purge finds stored shortly before are kept one write timeout (15 s), not ten.
      // (And the one file with its caption, every part allowed, is taken: busboy once refused it as too many parts.)
      app = await startApp(join(root, 'data'), { env: { ...storeEnv, TEAMS_PATH: teams, EVIDENCE_MAX_FILES: '1' } });
      api = http(app.baseUrl, owner);
      temporal = new Client({ connection: await Connection.connect({ address: app.temporalAddress }) });
      if (store === 'postgres') {
        database = new pg.Client({ connectionString: databaseUrl() });
        await database.connect();
      }
    });
    afterAll(async () => {
      await temporal?.connection.close();
      await app?.stop();
      if (database) {
        const schemas = await database.query<{ nspname: string }>(
          `select nspname from pg_namespace where nspname like $1`,
          [`${schema}%`],
        );
        for (const { nspname } of schemas.rows) await database.query(`drop schema if exists "${nspname}" cascade`);
        await database.end();
      }
      rmSync(root, { recursive: true, force: true });
    });

    /** The product's storage as its processes open it (the embedded one stopped first: its database takes one process). */
    const withStorage = async <T>(read: (storage: Storage) => Promise<T>): Promise<T> => {
      const config = loadConfig({ ...storeEnv, DATA_DIR: join(root, 'data') } as NodeJS.ProcessEnv);
      const storage = await openStorage(config);
      try {
        return await read(storage);
      } finally {
        await storage.close();
      }
    };

    /** The store's database, table by table: PostgreSQL's schemas of this run, or the embedded database (stopped first). */
    const scanStore = async (): Promise<string[]> => {
      if (database) {
        const schemas = (
          await database.query<{ nspname: string }>(`select nspname from pg_namespace where nspname like $1`, [
            `${schema}%`,
          ])
        ).rows.map((row) => row.nspname);
        return rowsHolding({ query: async (text, params) => (await database!.query(text, params)).rows }, schemas);
      }
      return withStorage(async (storage) => {
        const schemas = (
          await storage.readModels.db.query<{ nspname: string }>(
            `select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema'`,
          )
        ).map((row) => row.nspname);
        return rowsHolding(storage.readModels.db, schemas);
      });
    };

    const step = async (id: string, name: string, body: object, headers = owner) => {
      const response = await api.post(`/api/v1/complaints/${id}/steps/${name}`, body, headers);
      assert.equal(response.status, 200, `${name}: ${JSON.stringify(response.body)}`);
      return response.body;
    };

    it('seals the person before any workflow sees them, erases them for good, and every audit still passes', async () => {
      const registered = await api.post('/api/v1/customers', {
        id: 'CUS-ZHOU',
        name: person.name,
        kind: 'person',
        contacts: [{ name: person.name, email: person.email, phone: person.phone, language: 'zh-CN' }],
      });
      assert.equal(registered.status, 201, JSON.stringify(registered.body));
      // The same person registered twice, merged: erasing the one erases the other.
      const duplicate = await api.post('/api/v1/customers', {
        id: 'CUS-ZHOU-DUP',
        name: 'Zhou Xiaomei',
        kind: 'person',
        contacts: [{ name: 'Zhou Xiaomei', email: 'xiaomei.zhou@mail.example' }],
      });
      assert.equal(duplicate.status, 201, JSON.stringify(duplicate.body));
      const merged = await api.post(
        '/api/v1/customers/CUS-ZHOU-DUP/merge',
        { into: 'CUS-ZHOU', reason: 'Registered twice.' },
        supervisor,
      );
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      // Read back in the open.
      assert.equal(registered.body.name, person.name);
      assert.deepEqual(registered.body.contacts, [
        { name: person.name, email: person.email, phone: person.phone, language: 'zh-CN' },
      ]);

      // What people write of the person (the default policy marks it personal): sealed under their key too.
      const complaint = await api.post('/api/v1/complaints', {
        ...RegisterComplaintDto.example,
        description: `${person.name} says the valve she bought leaks at the flange.`,
        customer: { id: 'CUS-ZHOU', contact: person.phone },
      });
      assert.equal(complaint.status, 201, JSON.stringify(complaint.body));
      const caseId: string = complaint.body.id;
      assert.deepEqual(complaint.body.customer, { id: 'CUS-ZHOU', name: person.name, contact: person.phone });
      assert.equal(
        (await api.post(`/api/v1/complaints/${caseId}/comments`, { text: `Called back at noon on ${person.phone}.` }))
          .status,
        201,
      );
      // A scan of the person's ID card: personal data that no sealing covers, purged with the erasure.
      const scan = new TextEncoder().encode(`ID card scan\nName: ${person.name}\nPhone: ${person.phone}\n`);
      const uploaded = await upload(app.baseUrl, `/api/v1/complaints/${caseId}/evidence`, scan, '周晓梅 ID card.txt', {
        caption: `ID card of ${person.name}`,
      });
      assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
      const [{ id: scanId, sha256: scanHash }] = uploaded.body.attached;
      await step(caseId, 'identify', IdentifyStepDto.example);
      await step(caseId, 'analyse', {
        ...AnalyseStepDto.example,
        responsibleParty: { type: 'internal', department: 'QA' },
      });
      await step(caseId, 'resolve', ResolveStepDto.example);
      await step(caseId, 'verify', VerifyStepDto.example, verifier);
      await step(caseId, 'feedback', {
        ...FeedbackStepDto.example,
        customerResponse: `Thank you, from ${person.email}`,
        satisfactionScore: 5,
        satisfied: true,
      });
      // Read back in the open, and found by what was written.
      const { body: written } = await api.get(`/api/v1/complaints/${caseId}`);
      assert.equal(written.description, `${person.name} says the valve she bought leaks at the flange.`);
      assert.equal(written.feedback.customerResponse, `Thank you, from ${person.email}`);
      const notes = (await api.get(`/api/v1/complaints/${caseId}/comments`)).body.comments;
      assert.equal(notes[0].text, `Called back at noon on ${person.phone}.`);
      const [listedScan] = (await api.get(`/api/v1/complaints/${caseId}/evidence`)).body.files;
      assert.equal(listedScan.caption, `ID card of ${person.name}`);
      assert.equal(listedScan.fileName, '周晓梅 ID card.txt');
      await waitFor('the case found by its description', async () => {
        const { body } = await api.get(`/api/v1/complaints?q=${encodeURIComponent('flange 周晓梅')}`);
        return body.items.some((row: { id: string }) => row.id === caseId);
      });
      await step(caseId, 'archive', ArchiveStepDto.example);

      // Found by what the person is reached by, while they are not erased.
      await waitFor('the person found by e-mail', async () => {
        const { body } = await api.get(`/api/v1/customers?q=${encodeURIComponent(person.email)}`);
        return body.items.some((row: { id: string }) => row.id === 'CUS-ZHOU');
      });
      await waitFor('the case listed, archived, under the person', async () => {
        const { body } = await api.get(`/api/v1/complaints?customerId=CUS-ZHOU&status=archived`);
        return body.items[0]?.customer.name === person.name;
      });

      // Neither the workflows nor the events ever saw the person in the open.
      for (const workflowId of ['customer-CUS-ZHOU', `complaint-${caseId}`]) {
        assert.deepEqual(holding(await historyText(temporal, workflowId), workflowId), []);
        assert.deepEqual(
          holding(workflowShown(app.temporalAddress, workflowId), `temporal workflow show ${workflowId}`),
          [],
        );
      }

      if (store === 'postgres') {
        const before = await scanStore();
        assert.ok(before.length > 0, 'the scan finds what the read models hold in the open');
        assert.deepEqual(
          before.filter((hit) => !hit.startsWith(`"${schema}_read"`)),
          [],
          'only the read models hold the person in the open (events, keys and blobs never)',
        );
      }

      // Erasing is the administrator's, needs the revision seen, and says what it refuses.
      const customer = await api.get('/api/v1/customers/CUS-ZHOU', admin);
      assert.ok(customer.body.allowedActions.includes('erase'));
      assert.ok(!(await api.get('/api/v1/customers/CUS-ZHOU', owner)).body.allowedActions.includes('erase'));
      const reason = { reason: 'The customer asked to be erased (PIPL art. 47), request 118.' };
      assert.equal((await api.post('/api/v1/customers/CUS-ZHOU/erase', reason, owner)).status, 403);
      const unguarded = await api.post('/api/v1/customers/CUS-ZHOU/erase', reason, admin);
      assert.equal(unguarded.status, 400, JSON.stringify(unguarded.body));
      assert.equal(unguarded.body.errors[0].field, 'If-Match');

      // The export first: everything held, readable, and recorded.
      const exported = await api.get('/api/v1/customers/CUS-ZHOU/export', admin);
      assert.equal(exported.status, 200, JSON.stringify(exported.body));
      assert.equal(exported.body.customers[0].customer.name, person.name);
      assert.equal(exported.body.complaints.length, 1);
      assert.ok(JSON.stringify(exported.body.complaints[0].events).includes(person.phone));
      assert.deepEqual(exported.body.erasedFields, []);
      assert.equal((await api.get('/api/v1/customers/CUS-ZHOU/export', owner)).status, 403);
      // The export moved the record on: an erasure on what was seen before it is refused.
      const stale = await api.post('/api/v1/customers/CUS-ZHOU/erase', reason, { ...admin, 'if-match': '0' });
      assert.equal(stale.status, 409, 'a revision moved on');

      // The files on the person's cases, offered for purging; one on a case of someone else's is refused, and nothing is erased.
      const files = await api.get('/api/v1/customers/CUS-ZHOU/evidence', admin);
      assert.equal(files.status, 200, JSON.stringify(files.body));
      assert.deepEqual(
        files.body.complaints.map((held: { complaintId: string; files: { id: string }[] }) => [
          held.complaintId,
          held.files.map((file) => file.id),
        ]),
        [[caseId, [scanId]]],
      );
      assert.equal((await api.get('/api/v1/customers/CUS-ZHOU/evidence', owner)).status, 403);
      const revision = (await api.get('/api/v1/customers/CUS-ZHOU', admin)).body.revision;
      const notTheirs = await api.post(
        '/api/v1/customers/CUS-ZHOU/erase',
        { ...reason, purgeEvidence: [{ complaintId: caseId, evidenceId: 'not-a-file-of-theirs' }] },
        { ...admin, 'if-match': String(revision) },
      );
      assert.equal(notTheirs.status, 422, JSON.stringify(notTheirs.body));
      assert.equal(notTheirs.body.field, 'purgeEvidence[0]', JSON.stringify(notTheirs.body));
      assert.equal((await api.get('/api/v1/customers/CUS-ZHOU', admin)).body.revision, revision, 'nothing written');
      const erased = await api.post(
        '/api/v1/customers/CUS-ZHOU/erase',
        { ...reason, purgeEvidence: [{ complaintId: caseId, evidenceId: scanId }] },
        { ...admin, 'if-match': String(revision), 'idempotency-key': `erase-zhou-${store}` },
      );
      assert.equal(erased.status, 200, JSON.stringify(erased.body));
      // Retried with its key: nothing twice, the same answer.
      const retried = await api.post(
        '/api/v1/customers/CUS-ZHOU/erase',
        { ...reason, purgeEvidence: [{ complaintId: caseId, evidenceId: scanId }] },
        { ...admin, 'if-match': String(revision), 'idempotency-key': `erase-zhou-${store}` },
      );
      assert.equal(retried.status, 200, JSON.stringify(retried.body));
      assert.equal(erased.body.erased.by, 'chen.admin');
      assert.equal(erased.body.name, '[erased]');
      assert.deepEqual(erased.body.contacts, [
        { name: '[erased]', email: '[erased]', phone: '[erased]', language: 'zh-CN' },
      ]);
      const inChinese = await api.get('/api/v1/customers/CUS-ZHOU', { ...admin, 'accept-language': 'zh-CN' });
      assert.equal(inChinese.body.name, '[已删除]');
      const history = (await api.get('/api/v1/customers/CUS-ZHOU/history', auditor)).body.events;
      assert.deepEqual(
        history.map((event: { type: string }) => event.type),
        ['CustomerRegistered', 'CustomerAbsorbed', 'CustomerDataExported', 'CustomerErased'],
      );
      assert.equal(history[2].actor, 'chen.admin', 'who exported is on the record');
      const { body: gone } = await api.get('/api/v1/customers/CUS-ZHOU-DUP', admin);
      assert.equal(gone.erased?.reason, reason.reason, 'the duplicate erased with it');
      assert.deepEqual(gone.contacts, [{ name: '[erased]', email: '[erased]' }]);
      // An erased customer takes no personal data again, nor a duplicate: said, not a 500.
      const refused = await api.post('/api/v1/customers/CUS-ZHOU/contacts', {
        contacts: [{ name: 'Someone', email: 'someone@example.cn' }],
      });
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(refused.body.type, 'urn:qloop:problem:customer-erased');
      assert.equal(
        (await api.post('/api/v1/customers', { id: 'CUS-OTHER', name: 'Other Co', kind: 'company' })).status,
        201,
      );
      const intoErased = await api.post(
        '/api/v1/customers/CUS-OTHER/merge',
        { into: 'CUS-ZHOU', reason: 'Same?' },
        supervisor,
      );
      assert.equal(intoErased.status, 409, JSON.stringify(intoErased.body));
      assert.equal((await api.get('/api/v1/customers/CUS-OTHER')).body.status, 'active', 'nothing half done');

      // The case reads erased where the person was; everything else, and every audit, as before.
      const { body: after } = await api.get(`/api/v1/complaints/${caseId}`);
      assert.deepEqual(after.customer, { id: 'CUS-ZHOU', name: '[erased]', contact: '[erased]' });
      assert.equal(after.description, '[erased]');
      assert.equal(after.feedback.customerResponse, '[erased]');
      assert.equal(after.title, RegisterComplaintDto.example.title, 'the title is no personal text: it stays');
      assert.equal((await api.get(`/api/v1/complaints/${caseId}/comments`)).body.comments[0].text, '[erased]');
      assert.equal(after.status, 'archived');
      for (const path of [`/api/v1/complaints/${caseId}/audit`, '/api/v1/customers/CUS-ZHOU/audit']) {
        const audit = (await api.get(path, auditor)).body;
        assert.equal(audit.verdict, 'intact', `${path}: ${JSON.stringify(audit)}`);
        assert.equal(audit.workflow.traced, audit.events, `${path}: every event traced to its workflow`);
      }
      // The scan: purged, recorded once on the closed case, listed as such, gone from the file store, its audit says purged.
      const caseEvents = (await api.get(`/api/v1/complaints/${caseId}/history`, auditor)).body.events;
      assert.deepEqual(
        caseEvents
          .filter((event: { type: string }) => event.type === 'EvidencePurged')
          .map((event: any) => event.actor),
        ['chen.admin'],
      );
      const [listed] = (await api.get(`/api/v1/complaints/${caseId}/evidence`)).body.files;
      assert.equal(listed.purged.reason, reason.reason);
      assert.equal(listed.fileName, '[erased]', "the file's name was the person's too");
      assert.equal(listed.thumbnailUrl, undefined);
      const purgedFile = await api.get(`/api/v1/complaints/${caseId}/evidence/${scanId}`);
      assert.equal(purgedFile.status, 410, JSON.stringify(purgedFile.body));
      assert.equal(purgedFile.body.type, 'urn:qloop:problem:file-purged');
      const caseAudit = (await api.get(`/api/v1/complaints/${caseId}/audit`, auditor)).body;
      assert.deepEqual(
        caseAudit.files.map((file: { evidenceId: string; status: string }) => [file.evidenceId, file.status]),
        [[scanId, 'purged']],
      );
      assert.equal(
        (await api.get(`/api/v1/complaints/${caseId}`)).body.status,
        'archived',
        'the purge reopened nothing',
      );
      const scanKept = async () =>
        database
          ? Number(
              (await database.query(`select count(*) as n from "${schema}_blobs".blobs where sha256 = $1`, [scanHash]))
                .rows[0].n,
            ) > 0
          : existsSync(join(root, 'data', 'blobs', scanHash.slice(0, 2), scanHash.slice(2, 4), scanHash));
      await waitFor('the scan deleted', async () => !(await scanKept()), 30_000);
      await waitFor('the read models scrubbed', async () => {
        const { body } = await api.get(`/api/v1/complaints?customerId=CUS-ZHOU&status=archived`);
        return body.items[0]?.customer.name === '[erased]';
      });
      assert.equal((await api.get(`/api/v1/customers?q=${encodeURIComponent(person.email)}`)).body.total, 0);
      const file = (await api.get('/api/v1/customers/CUS-ZHOU/file')).body;
      assert.equal(file.sections.summary[0].complaints, 1, 'the reports still count the case');
      const afterExport = (await api.get('/api/v1/customers/CUS-ZHOU/export', admin)).body;
      assert.ok(afterExport.erasedFields.includes('customers.0.customer.contacts.0.email'), afterExport.erasedFields);

      // A person named on a complaint, not registered before: sealed from the start, under an id that is no hash of the name.
      const walkIn = await api.post('/api/v1/complaints', {
        ...RegisterComplaintDto.example,
        customer: { name: 'Wang Fang 王芳', kind: 'person', contact: 'wang.fang@example.cn' },
      });
      assert.equal(walkIn.status, 201, JSON.stringify(walkIn.body));
      assert.equal(walkIn.body.customer.name, 'Wang Fang 王芳');
      assert.notEqual(walkIn.body.customer.id, customerIdOf({ name: 'Wang Fang 王芳' }));
      for (const workflowId of [`complaint-${walkIn.body.id}`, `customer-${walkIn.body.customer.id}`]) {
        const text = await historyText(temporal, workflowId);
        assert.ok(
          !text.includes('王芳') && !text.includes('wang.fang@'),
          `${workflowId} holds the walk-in in the open`,
        );
      }

      // Nowhere in Temporal, nor in any table of the store's database.
      for (const workflowId of ['customer-CUS-ZHOU', `complaint-${caseId}`])
        assert.deepEqual(holding(await historyText(temporal, workflowId), workflowId), []);
      if (store === 'embedded')
        assert.deepEqual(holding(filesText(join(root, 'data', 'temporal')), 'the Temporal database'), []);
      if (store === 'embedded') await app.stop();
      assert.deepEqual(await scanStore(), []);
      assert.equal(await withStorage((storage) => storage.blobs.stat(scanHash)), undefined, 'the scan is gone');
    });

    it('stops a start on another master key, saying so, and writes nothing', async () => {
      // What the store holds: its events and its keys (the embedded product stopped, its database opened here).
      const count = async () => {
        const query = `select (select count(*) from "${store === 'postgres' ? schema : 'public'}".events) as events,
                              (select count(*) from "${store === 'postgres' ? `${schema}_read_keys` : 'read_models_keys'}".data_keys) as keys`;
        if (database) return (await database.query(query)).rows[0];
        const storage = await openStorage(
          loadConfig({ DATA_DIR: join(root, 'data'), EVENT_STORE: 'embedded' } as NodeJS.ProcessEnv),
        );
        try {
          return (await storage.readModels.db.query(query))[0];
        } finally {
          await storage.close();
        }
      };
      const before = await count();
      assert.ok(Number(before!.keys) >= 1, JSON.stringify(before));
      // Embedded: the same DATA_DIR, whose kept master key DATA_KEY now overrides; PostgreSQL: another process's.
      const dataDir = store === 'postgres' ? join(root, 'other') : join(root, 'data');
      await assert.rejects(
        startApp(dataDir, { env: { ...storeEnv, DATA_KEY: `${testDataKey}-but-another` } }),
        /written under another master key: refusing to start/,
      );
      assert.deepEqual(await count(), before);
    });
  });

suite('postgres');
suite('embedded');
