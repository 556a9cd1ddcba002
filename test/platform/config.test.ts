import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { inEnglish } from '../../libs/platform/config-error.js';
import { ConfigError, loadConfig, teammatesOf } from '../../libs/platform/config.js';
import { openBlobStore } from '../../libs/platform/blob-storage.js';
import { testJwtSecret } from '../support/tokens.js';

const examplePolicy = fileURLToPath(new URL('../../../config/sla-policy.example.yaml', import.meta.url));
const exampleSupplierPolicy = fileURLToPath(new URL('../../../config/supplier-policy.example.yaml', import.meta.url));
const standaloneMain = fileURLToPath(new URL('../../apps/standalone/main.js', import.meta.url));
const hour = 3_600_000;

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems.map(inEnglish);
  }
  return assert.fail('expected a ConfigError');
};

describe('configuration at start-up', () => {
  it('uses the built-in SLA policy without SLA_POLICY_PATH', () => {
    assert.equal(loadConfig({}).slaPolicy.severities.normal.caseMs, 24 * hour);
  });

  it('loads the documented example policy (YAML)', () => {
    const { slaPolicy } = loadConfig({ SLA_POLICY_PATH: examplePolicy });
    assert.equal(slaPolicy.calendar?.timeZone, 'Asia/Shanghai');
    assert.equal(slaPolicy.severities.critical.escalation[2]?.person, 'wang.director');
    assert.equal(slaPolicy.severities.low.caseMs, 72 * hour);
  });

  it("reads the example policy's calendar include: the 2026 schedule, every date in the document cases record", () => {
    const { slaPolicy, configuredPolicies } = loadConfig({ SLA_POLICY_PATH: examplePolicy });
    const calendar = slaPolicy.calendar!;
    assert.deepEqual(calendar.extraWorkingDays, [
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    assert.equal(calendar.holidays.length, 3 + 9 + 3 + 5 + 3 + 3 + 7);
    for (const day of [
      '2026-01-01',
      '2026-02-15',
      '2026-02-23',
      '2026-04-06',
      '2026-05-05',
      '2026-06-19',
      '2026-09-27',
    ])
      assert.ok(calendar.holidays.includes(day), day);
    for (let day = 1; day <= 7; day++) assert.ok(calendar.holidays.includes(`2026-10-0${day}`), `2026-10-0${day}`);
    assert.deepEqual([calendar.timeZone, calendar.hours], ['Asia/Shanghai', { start: '09:00', end: '18:00' }]);
    // What admins see and what an adoption would record: the dates themselves, no file.
    const document = configuredPolicies.sla.document as { calendar: Record<string, unknown> };
    assert.equal('include' in document.calendar, false);
    assert.deepEqual(document.calendar.extraWorkingDays, calendar.extraWorkingDays);
  });

  it("joins a list of calendar files with the policy's own dates, relative to the policy file", () => {
    const dir = mkdtempSync(join(tmpdir(), 'qloop-config-'));
    mkdirSync(join(dir, 'calendars'));
    writeFileSync(join(dir, 'calendars', 'a.yaml'), "holidays: ['2027-02-06']\nextraWorkingDays: ['2027-01-31']\n");
    writeFileSync(
      join(dir, 'calendars', 'b.json'),
      JSON.stringify({ timeZone: 'Asia/Shanghai', holidays: ['2027-02-08'] }),
    );
    const policy = join(dir, 'policy.yaml');
    writeFileSync(
      policy,
      readFileSync(examplePolicy, 'utf8').replace(
        'include: calendars/cn-2026.yaml',
        "include: [calendars/a.yaml, calendars/b.json]\n  holidays: ['2027-02-08', '2027-12-31']",
      ),
    );
    const calendar = loadConfig({ SLA_POLICY_PATH: policy }).slaPolicy.calendar!;
    assert.deepEqual(calendar.holidays, ['2027-02-08', '2027-12-31', '2027-02-06']);
    assert.deepEqual(calendar.extraWorkingDays, ['2027-01-31']);
  });

  it('names the include that cannot be read, and every bad field of an included calendar file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qloop-config-'));
    const withInclude = (include: string) => {
      const policy = join(dir, `policy-${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(policy, readFileSync(examplePolicy, 'utf8').replace('include: calendars/cn-2026.yaml', include));
      return problemsOf({ SLA_POLICY_PATH: policy });
    };
    assert.deepEqual(withInclude('include: calendars/cn-2027.yaml'), [
      'SLA_POLICY_PATH calendar.include[0] (calendars/cn-2027.yaml): cannot be read (ENOENT)',
    ]);
    assert.deepEqual(withInclude('include: []'), [
      'SLA_POLICY_PATH calendar.include: a calendar file, or a list of them, relative to the policy file',
    ]);
    writeFileSync(
      join(dir, 'bad.yaml'),
      "timeZone: Europe/Berlin\nholidays: ['2027-02-30']\nextraWorkingDays: '2027-01-31'\nhours: { start: '08:00', end: '17:00' }\n",
    );
    assert.deepEqual(withInclude('include: bad.yaml'), [
      'SLA_POLICY_PATH calendar.include[0] (bad.yaml) hours: a calendar file holds only these fields: timeZone, holidays, extraWorkingDays',
      "SLA_POLICY_PATH calendar.include[0] (bad.yaml) timeZone: its dates are days in Europe/Berlin, not in the calendar's time zone",
      "SLA_POLICY_PATH calendar.include[0] (bad.yaml) holidays[0]: not a date 'YYYY-MM-DD': 2027-02-30",
      'SLA_POLICY_PATH calendar.include[0] (bad.yaml) extraWorkingDays: a list of dates',
    ]);
    writeFileSync(join(dir, 'overlap.yaml'), "holidays: ['2026-02-14']\n");
    assert.deepEqual(
      withInclude(`include: [${join(dirname(examplePolicy), 'calendars', 'cn-2026.yaml')}, overlap.yaml]`).map(
        (p) => p.split(':')[0],
      ),
      ['SLA_POLICY_PATH calendar.extraWorkingDays[1]'],
    );
  });

  it('loads the documented supplier policy example, the same as the built-in default', () => {
    const { evaluationPolicy } = loadConfig({ SUPPLIER_POLICY_PATH: exampleSupplierPolicy });
    assert.deepEqual(evaluationPolicy, loadConfig({}).evaluationPolicy);
    assert.deepEqual(
      evaluationPolicy.grades.map((band) => [band.grade, band.minScore, band.outcome]),
      [
        ['A', 85, 'approved'],
        ['B', 70, 'approved-with-conditions'],
        ['C', 50, 'probation'],
        ['D', 0, 'disqualified'],
      ],
    );
  });

  it('names the bad fields of a bad supplier policy file, prefixed by its variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qloop-config-'));
    const policy = join(dir, 'suppliers.yaml');
    writeFileSync(policy, 'weights: { charisma: 3 }\ngrades: [{ grade: A, minScore: 10, outcome: approved }]\n');
    const problems = problemsOf({ SUPPLIER_POLICY_PATH: policy });
    assert.ok(
      problems.some((p) => p.startsWith('SUPPLIER_POLICY_PATH weights.charisma: unknown criterion')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.startsWith('SUPPLIER_POLICY_PATH grades[0].interval: required')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.startsWith('SUPPLIER_POLICY_PATH grades[0].minScore: the last band starts at 0')),
      problems.join('\n'),
    );
  });

  it('names every bad field of a bad policy file, and every bad variable, at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qloop-config-'));
    const policy = join(dir, 'policy.json');
    writeFileSync(
      policy,
      JSON.stringify({
        severities: { critical: {}, high: {}, normal: { acknowledge: 'PT1H', case: 'soon' }, low: {} },
      }),
    );
    const problems = problemsOf({ SLA_POLICY_PATH: policy, PORT: 'eighty', EVENT_STORE: 'postgres' });
    assert.ok(
      problems.some((p) => p.startsWith('PORT')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.startsWith('DATABASE_URL: required')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.includes('severities.normal.case')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.includes('severities.critical.acknowledge')),
      problems.join('\n'),
    );
  });

  it('says which file cannot be read or parsed', () => {
    assert.match(
      problemsOf({ SLA_POLICY_PATH: '/nonexistent/policy.yaml' })[0]!,
      /SLA_POLICY_PATH=\/nonexistent\/policy.yaml: cannot be read \(ENOENT\)/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'qloop-config-'));
    writeFileSync(join(dir, 'broken.yaml'), 'severities: [unclosed');
    assert.match(problemsOf({ SLA_POLICY_PATH: join(dir, 'broken.yaml') })[0]!, /not valid YAML/);
  });

  it('refuses to start the product with a bad policy, naming the field, before touching DATA_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qloop-config-'));
    const policy = join(dir, 'policy.yaml');
    writeFileSync(
      policy,
      'severities:\n  critical: {acknowledge: PT1H, case: PT8H}\n  high: {acknowledge: PT1H, case: PT8H}\n  normal: {acknowledge: PT1H, case: PT8H, warningRatio: 2}\n  low: {acknowledge: PT1H, case: PT8H}\n',
    );
    const run = spawnSync(process.execPath, [standaloneMain], {
      env: { ...process.env, SLA_POLICY_PATH: policy, DATA_DIR: join(dir, 'data') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 78);
    assert.match(run.stderr, /severities\.normal\.warningRatio: must be a number between 0 and 1/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace for a configuration problem');
    assert.equal(existsSync(join(dir, 'data')), false);
  });
});

describe('webhook secrets in the configuration', () => {
  it('takes one Standard Webhooks secret, or two during a rotation, and names a bad one', () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    assert.deepEqual(loadConfig({}).notifyWebhookSecrets, []);
    assert.deepEqual(loadConfig({ NOTIFY_WEBHOOK_SECRET: secret }).notifyWebhookSecrets, [secret]);
    assert.deepEqual(loadConfig({ NOTIFY_WEBHOOK_SECRET: ` ${secret}  ${secret}` }).notifyWebhookSecrets, [
      secret,
      secret,
    ]);
    for (const bad of [
      'shhh',
      `whsec_${Buffer.alloc(8).toString('base64')}`,
      `whsec_${Buffer.alloc(65).toString('base64')}`,
      `${secret} ${secret} ${secret}`,
    ])
      assert.match(problemsOf({ NOTIFY_WEBHOOK_SECRET: bad }).join('\n'), /NOTIFY_WEBHOOK_SECRET: must be/, bad);
  });
});

describe('e-mail, the people directory, the public form and proxies in the configuration', () => {
  it('takes an SMTP server with its sender, and names what does not hold without echoing a password', () => {
    assert.deepEqual(loadConfig({}).mail, { from: 'qloop <qloop@localhost>' });
    assert.deepEqual(
      loadConfig({ SMTP_URL: 'smtp://user:pass@mail.example.com:587', SMTP_FROM: '质量部 <quality@example.com>' }).mail,
      { smtpUrl: 'smtp://user:pass@mail.example.com:587', from: '质量部 <quality@example.com>' },
    );
    const said = problemsOf({ SMTP_URL: 'http://user:secret@mail.example.com' }).join('\n');
    assert.match(said, /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
    assert.doesNotMatch(said, /secret/);
    assert.match(
      problemsOf({ SMTP_URL: 'smtp://mail.example.com' }).join('\n'),
      /SMTP_FROM: set together with SMTP_URL/,
    );
    assert.match(problemsOf({ SMTP_FROM: 'Quality <not an address>' }).join('\n'), /SMTP_FROM: must be an address/);
  });

  it('reads a mailbox only when IMAP_URL is set, every minute unless told, and never echoes its password', () => {
    assert.equal(loadConfig({}).mailIn, undefined);
    assert.deepEqual(loadConfig({ IMAP_URL: 'imaps://complaints:pw@mail.example.com' }).mailIn, {
      imapUrl: 'imaps://complaints:pw@mail.example.com',
      pollMs: 60_000,
    });
    assert.equal(loadConfig({ IMAP_URL: 'imap://a:b@127.0.0.1:1143', IMAP_POLL_SECONDS: '5' }).mailIn?.pollMs, 5000);
    const said = problemsOf({ IMAP_URL: 'pop3://user:secret@mail.example.com', IMAP_POLL_SECONDS: '0' }).join('\n');
    assert.match(said, /IMAP_URL: must be an imap:\/\/ or imaps:\/\/ URL/);
    assert.match(said, /IMAP_POLL_SECONDS/);
    assert.doesNotMatch(said, /secret/);
  });

  it('reads the people file, whose teams stand in for a teams file unless one is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qloop-people-'));
    try {
      const people = join(dir, 'people.yaml');
      writeFileSync(
        people,
        'people:\n  - { id: li.wei, name: 李伟, email: li.wei@example.com, language: zh-CN, roles: [owner], team: east }\n  - { id: chen.jing, roles: [owner], team: east }\n',
      );
      const config = loadConfig({ PEOPLE_PATH: people });
      assert.deepEqual(
        config.people.map(({ id, email }) => [id, email]),
        [
          ['li.wei', 'li.wei@example.com'],
          ['chen.jing', undefined],
        ],
      );
      assert.deepEqual(teammatesOf(config.auth.teams, 'li.wei'), ['chen.jing']);
      const teams = join(dir, 'teams.yaml');
      writeFileSync(teams, 'teams:\n  west: [li.wei, zhao.min]\n');
      assert.deepEqual(teammatesOf(loadConfig({ PEOPLE_PATH: people, TEAMS_PATH: teams }).auth.teams, 'li.wei'), [
        'zhao.min',
      ]);
      writeFileSync(people, 'people:\n  - { id: li.wei, email: not-an-address }\n');
      assert.match(problemsOf({ PEOPLE_PATH: people }).join('\n'), /people\[0\]\.email/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the public form’s limits, and who is a proxy: a hop count or addresses, never just "true"', () => {
    assert.deepEqual(loadConfig({}).publicForm, { ratePerHour: 10, work: 500 });
    assert.equal(loadConfig({}).http.trustProxy, undefined);
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy, 1);
    assert.deepEqual(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).http.trustProxy, ['loopback', '10.0.0.0/8']);
    assert.match(problemsOf({ TRUST_PROXY: 'true' }).join('\n'), /TRUST_PROXY: must be how many proxies/);
    assert.match(problemsOf({ PUBLIC_FORM_RATE_LIMIT_PER_HOUR: '0' }).join('\n'), /PUBLIC_FORM_RATE_LIMIT_PER_HOUR/);
  });
});

describe('personal text in the configuration', () => {
  it('seals every free-text field of a person by default, the ones listed, or none; an unknown one is named', () => {
    assert.deepEqual(loadConfig({}).personalText, [
      'description',
      'comments',
      'customer-response',
      'captions',
      'file-names',
    ]);
    assert.deepEqual(loadConfig({ PERSONAL_TEXT: ' comments , captions' }).personalText, ['comments', 'captions']);
    assert.deepEqual(loadConfig({ PERSONAL_TEXT: 'none' }).personalText, []);
    // Empty is unset, as a compose file's `${PERSONAL_TEXT:-}` passes it; `none` stands alone.
    for (const unset of ['', ' ', ','])
      assert.equal(loadConfig({ PERSONAL_TEXT: unset }).personalText.length, 5, JSON.stringify(unset));
    assert.match(problemsOf({ PERSONAL_TEXT: 'none,description' }).join('\n'), /PERSONAL_TEXT: /);
    assert.match(problemsOf({ PERSONAL_TEXT: 'description,title' }).join('\n'), /PERSONAL_TEXT: .*title/);
  });
});

describe('authentication and teams in the configuration', () => {
  it('refuses a short secret, a secret and a key set at once, and a key set that is not a URL', () => {
    assert.match(problemsOf({ JWT_SECRET: 'short' }).join('\n'), /at least 32/);
    assert.match(
      problemsOf({ JWT_SECRET: testJwtSecret, JWT_JWKS_URL: 'https://idp.example/jwks' }).join('\n'),
      /not both/,
    );
    assert.match(problemsOf({ JWT_JWKS_URL: 'idp.example' }).join('\n'), /http\(s\) URL/);
  });

  it('caps token lifetimes at JWT_MAX_TTL: 24 h by default, in seconds or as an ISO-8601 duration', () => {
    assert.equal(loadConfig({}).auth.maxTtlSeconds, 24 * 3600);
    assert.equal(loadConfig({ JWT_MAX_TTL: '600' }).auth.maxTtlSeconds, 600);
    assert.equal(loadConfig({ JWT_MAX_TTL: 'PT8H' }).auth.maxTtlSeconds, 8 * 3600);
    for (const bad of ['0', '-5', 'soon', '1.5', 'PT0.5S', 'P1Y'])
      assert.match(problemsOf({ JWT_MAX_TTL: bad }).join('\n'), /JWT_MAX_TTL: must be/, bad);
  });

  it('reads teams from TEAMS_PATH and names bad entries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qloop-teams-'));
    try {
      const good = join(dir, 'teams.yaml');
      writeFileSync(good, 'teams:\n  line-2: [li.wei, zhang.qa]\n  night: [li.wei, chen.bo]\n  audit: [eve.audit]\n');
      const { teams } = loadConfig({ TEAMS_PATH: good }).auth;
      assert.deepEqual(teammatesOf(teams, 'li.wei').sort(), ['chen.bo', 'zhang.qa']);
      assert.deepEqual(teammatesOf(teams, 'eve.audit'), []);
      assert.deepEqual(teammatesOf(teams, 'nobody'), []);
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ teams: { 'line-2': 'li.wei', ok: ['a'] } }));
      assert.match(problemsOf({ TEAMS_PATH: bad }).join('\n'), /TEAMS_PATH teams\.line-2: must be a list/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('where evidence files are kept', () => {
  it('keeps them under DATA_DIR/blobs by default, up to 25 MiB and 10 files an upload, swept after a day', () => {
    const { evidence } = loadConfig({ DATA_DIR: '/srv/qloop', JWT_SECRET: testJwtSecret });
    assert.deepEqual(evidence, {
      store: { kind: 'embedded', dir: '/srv/qloop/blobs' },
      maxBytes: 25 * 1024 * 1024,
      maxFiles: 10,
      sweep: { graceMs: 24 * 3_600_000, everyMs: 3_600_000 },
    });
  });

  it('keeps them in PostgreSQL when the events are there, unless told otherwise', () => {
    const postgres = { JWT_SECRET: testJwtSecret, EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://db/qloop' };
    assert.deepEqual(loadConfig(postgres).evidence.store, { kind: 'postgres' });
    assert.equal(loadConfig({ ...postgres, BLOB_STORE: 'embedded' }).evidence.store.kind, 'embedded');
  });

  it('refuses a file link secret shorter than 32 characters', () => {
    assert.ok(problemsOf({ EVIDENCE_LINK_SECRET: 'short' }).some((p) => p.startsWith('EVIDENCE_LINK_SECRET')));
    assert.equal(
      loadConfig({ JWT_SECRET: testJwtSecret, EVIDENCE_LINK_SECRET: 'x'.repeat(32) }).evidence.linkSecret,
      'x'.repeat(32),
    );
  });

  it('reads an S3-compatible bucket and the limit, and names what is missing or wrong', () => {
    const { evidence } = loadConfig({
      JWT_SECRET: testJwtSecret,
      BLOB_STORE: 's3',
      S3_BUCKET: 'qloop-evidence',
      S3_ENDPOINT: 'http://127.0.0.1:7070',
      S3_REGION: 'cn-hangzhou',
      EVIDENCE_MAX_BYTES: '1048576',
    });
    assert.deepEqual(evidence, {
      store: { kind: 's3', bucket: 'qloop-evidence', endpoint: 'http://127.0.0.1:7070', region: 'cn-hangzhou' },
      maxBytes: 1048576,
      maxFiles: 10,
      sweep: { graceMs: 24 * 3_600_000, everyMs: 3_600_000 },
    });
    const problems = problemsOf({ BLOB_STORE: 's3', S3_ENDPOINT: 'not a url', EVIDENCE_MAX_BYTES: '0' });
    for (const variable of ['S3_BUCKET', 'S3_ENDPOINT', 'EVIDENCE_MAX_BYTES'])
      assert.ok(
        problems.some((p) => p.startsWith(variable)),
        `${variable} in ${problems.join('\n')}`,
      );
    assert.ok(
      problemsOf({ BLOB_STORE: 'postgres' }).some((p) => p.startsWith('BLOB_STORE')),
      'PostgreSQL blobs need its event store',
    );
    assert.ok(problemsOf({ BLOB_STORE: 'floppy' }).some((p) => p.startsWith('BLOB_STORE')));
  });

  it('opens the embedded store where the configuration says, and keeps a file there', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'qloop-blobs-config-'));
    const { evidence } = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: testJwtSecret });
    const store = await openBlobStore(evidence.store);
    const { sha256 } = await store.put([Buffer.from('a photo of the leak')]);
    assert.ok(existsSync(join(dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256)));
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
