import { blobSchemaOf } from '../../libs/platform/blob-storage.js';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import pg from 'pg';
import { runCli } from '../../apps/cli/cli.js';
import { complaintStreamId } from '../../libs/contracts/index.js';
import { loadConfig } from '../../libs/platform/config.js';
import { tokenVerifier } from '../../libs/platform/auth.js';
import { openStorage } from '../../libs/platform/storage.js';
import { flipByteInBlock, locateEvent } from '../support/damaged-page.js';
import { appendHistories, generateComplaintHistories } from '../support/generated-history.js';
import { databaseUrl, uniqueSchema } from '../support/postgres.js';
import { testDataKey, testJwtSecret } from '../support/tokens.js';

/** One command line run in this process, as `main` runs it: its exit status and what it wrote. */
const run = async (args: string[], env: Record<string, string> = {}) => {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (text) => void (stdout += text), err: (text) => void (stderr += text), env });
  return { code, stdout, stderr };
};

describe('the qloop command line, one subcommand at a time', () => {
  const schema = uniqueSchema('cli');
  const dataDir = mkdtempSync(join(tmpdir(), 'qloop-cli-'));
  const storeEnv = {
    EVENT_STORE: 'postgres',
    DATABASE_URL: databaseUrl(),
    DATABASE_SCHEMA: schema,
    DATA_DIR: dataDir,
    DATA_KEY: testDataKey,
  };
  const [intact, tampered] = generateComplaintHistories(2, 7);

  beforeAll(async () => {
    const storage = await openStorage(loadConfig(storeEnv));
    try {
      await appendHistories(
        storage.store,
        [intact!, tampered!].map(({ complaintId, events }) => ({ streamId: complaintStreamId(complaintId), events })),
      );
    } finally {
      await storage.close();
    }
    const admin = new pg.Client({ connectionString: databaseUrl() });
    await admin.connect();
    try {
      // Someone edits one event of the second case behind the store's back.
      await admin.query(
        `update "${schema}".events set data = jsonb_set(data, '{by}', '"mallory"') where stream_id = $1 and revision = 1`,
        [complaintStreamId(tampered!.complaintId)],
      );
    } finally {
      await admin.end();
    }
  });

  afterAll(async () => {
    const admin = new pg.Client({ connectionString: databaseUrl() });
    await admin.connect();
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.query(`drop schema if exists "${blobSchemaOf(schema)}" cascade`);
    await admin.end();
  });

  it('prints its usage for help (status 0), and refuses no command, an unknown one or an unknown option (status 2)', async () => {
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /qloop audit <complaint-id>/);
    assert.equal((await run([])).code, 2);
    const unknown = await run(['launch']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown command launch/);
    const badOption = await run(['audit', 'x', '--colour']);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /Unknown option '--colour'/);
  });

  it('audit: prints the timeline and the verdict of the chain, unverified without Temporal (3, or 0 when accepted), names the first altered event (1), and refuses a stream that is not there (2)', async () => {
    const unchecked = await run(['audit', intact!.complaintId], storeEnv);
    assert.equal(unchecked.code, 3, 'not cross-checked is not intact');
    const good = await run(
      ['audit', intact!.complaintId, '--accept-unverified', '--csv', join(dataDir, 'good.csv')],
      storeEnv,
    );
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /ComplaintRegistered/);
    assert.match(good.stdout, new RegExp(`Hash chain: intact \\(${intact!.events.length} events\\)`));
    assert.match(good.stdout, /Temporal cross-check: not made \(set TEMPORAL_ADDRESS, or use --api\)/);
    assert.match(good.stdout, /Verdict: unverified/, 'a chain that holds, with no Temporal to cross-check it');
    assert.equal(
      readFileSync(join(dataDir, 'good.csv'), 'utf8').trimEnd().split('\r\n').length,
      intact!.events.length + 1,
    );

    const bad = await run(['audit', tampered!.complaintId, '--json', '-'], storeEnv);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stdout, /Hash chain: BROKEN at revision 1/);
    const exported = JSON.parse(bad.stdout.slice(bad.stdout.indexOf('{\n')));
    assert.equal(exported.audit.verdict, 'tampered');
    assert.equal(exported.timeline.length, tampered!.events.length);

    const missing = await run(['audit', 'no-such-case'], storeEnv);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No stream complaint-no-such-case in the store/);
    assert.equal((await run(['audit'], storeEnv)).code, 2);
  });

  it('what-if: re-runs the stored cases under another policy file, and lists each problem of a bad one', async () => {
    const strict = join(dataDir, 'strict.yaml');
    writeFileSync(strict, readFileSync('config/sla-policy.example.yaml', 'utf8').replace(/case: \S+/g, 'case: PT1M'));
    // The example's calendar is included from a file beside it.
    mkdirSync(join(dataDir, 'calendars'), { recursive: true });
    copyFileSync('config/calendars/cn-2026.yaml', join(dataDir, 'calendars', 'cn-2026.yaml'));
    const report = await run(['what-if', '--policy', strict, '--json', join(dataDir, 'what-if.json')], storeEnv);
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stdout, /^Cases: 2$/m);
    const written = JSON.parse(readFileSync(join(dataDir, 'what-if.json'), 'utf8'));
    assert.equal(written.summary.cases, 2);
    assert.ok(
      written.summary.breachedHypothetical >= written.summary.breachedActual,
      'a one-minute case target breaches at least as often',
    );

    const broken = join(dataDir, 'broken.yaml');
    writeFileSync(broken, 'severities:\n  low: { acknowledge: soon }\n');
    const refused = await run(['what-if', '--policy', broken], storeEnv);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /The policy cannot be used/);
    assert.match(refused.stderr, /severities\.low\.acknowledge/);
    assert.equal((await run(['what-if'], storeEnv)).code, 2);
  });

  it('projections: status and a rebuild from the store, as JSON', async () => {
    const rebuilt = await run(['projections', 'rebuild'], storeEnv);
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    const status = await run(['projections', 'status'], storeEnv);
    assert.equal(status.code, 0, status.stderr);
    const parsed = JSON.parse(status.stdout);
    assert.equal(parsed.lag, 0, status.stdout);
    const refused = await run(['projections', 'drop'], storeEnv);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /projections status \| rebuild/);
  });

  it('token: signs one the API accepts, with the roles asked for, and refuses unknown roles, a bad ttl and a machine without the secret', async () => {
    const env = { JWT_SECRET: testJwtSecret, DATA_DIR: dataDir };
    const minted = await run(['token', '--actor', 'eve.audit', '--roles', 'auditor,admin', '--ttl', '60'], env);
    assert.equal(minted.code, 0, minted.stderr);
    const config = loadConfig(env);
    const identity = await tokenVerifier(config.auth, config.dataDir)(minted.stdout.trim());
    assert.equal(identity.subject, 'eve.audit');
    assert.deepEqual([...identity.roles], ['auditor', 'admin']);

    const unknownRole = await run(['token', '--roles', 'emperor'], env);
    assert.equal(unknownRole.code, 2);
    assert.match(unknownRole.stderr, /Unknown roles emperor/);
    assert.equal((await run(['token', '--roles', 'auditor', '--ttl', 'soon'], env)).code, 2);
    assert.equal((await run(['token'], env)).code, 2);
    const noSecret = await run(['token', '--roles', 'auditor'], {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'qloop-cli-empty-')),
    });
    assert.equal(noSecret.code, 2);
    assert.match(noSecret.stderr, /No JWT_SECRET here/);
  });

  it("token: keeps to the API's rules, no longer than JWT_MAX_TTL and never as one of the product's own actors", async () => {
    const env = { JWT_SECRET: testJwtSecret, DATA_DIR: dataDir };
    const tooLong = await run(['token', '--roles', 'admin', '--ttl', String(100 * 365 * 24 * 3600)], env);
    assert.equal(tooLong.code, 2);
    assert.match(tooLong.stderr, /--ttl may be at most 86400 seconds/);
    const pastCap = await run(['token', '--roles', 'admin', '--ttl', '7200'], { ...env, JWT_MAX_TTL: 'PT1H' });
    assert.equal(pastCap.code, 2);
    assert.equal((await run(['token', '--roles', 'admin', '--ttl', '3600'], { ...env, JWT_MAX_TTL: 'PT1H' })).code, 0);
    for (const actor of ['system:sla', 'customer:4711']) {
      const reserved = await run(['token', '--actor', actor, '--roles', 'admin'], env);
      assert.equal(reserved.code, 2, actor);
      assert.match(reserved.stderr, /reserved for the product/);
      assert.equal(reserved.stdout, '');
    }
  });
});

describe('qloop audit of an embedded store with a damaged page', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qloop-cli-damaged-'));
  const storeEnv = { EVENT_STORE: 'embedded', DATA_DIR: dataDir };
  const [damaged] = generateComplaintHistories(1, 11);

  beforeAll(async () => {
    const storage = await openStorage(loadConfig(storeEnv));
    let location: { file: string; block: number };
    try {
      const streamId = complaintStreamId(damaged!.complaintId);
      await appendHistories(storage.store, [{ streamId, events: damaged!.events }]);
      location = await locateEvent(storage.readModels.db, streamId, 1);
    } finally {
      await storage.close();
    }
    flipByteInBlock(join(dataDir, 'event-store', location.file), location.block);
  });

  it('answers the verdict unreadable, naming the revisions, with an exit status of its own (4)', async () => {
    const result = await run(['audit', damaged!.complaintId, '--json', '-'], storeEnv);
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stdout, /Unreadable: revisions [\d, ]*\b1\b/);
    assert.match(result.stdout, /Verdict: unreadable/);
    const exported = JSON.parse(result.stdout.slice(result.stdout.indexOf('{\n')));
    assert.equal(exported.audit.verdict, 'unreadable');
    assert.ok(exported.audit.unreadableRevisions.includes(1));
  });
});
