import 'reflect-metadata';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import pg from 'pg';
import sharp from 'sharp';
import { RegisterComplaintDto } from '../../apps/api/complaints/dto/register-complaint.dto.js';
import { IdentifyStepDto } from '../../apps/api/complaints/dto/step-bodies.dto.js';
import { RegisterSupplierDto } from '../../apps/api/suppliers/dto/supplier-bodies.dto.js';
import { readSchemaFor } from '../../libs/platform/storage.js';
import { blobSchemaOf } from '../../libs/platform/blob-storage.js';
import { http, startApp, waitFor, type RunningApp } from '../support/app-process.js';
import { as } from '../support/tokens.js';
import { databaseUrl, uniqueSchema } from '../support/postgres.js';

const cliMain = fileURLToPath(new URL('../../apps/cli/main.js', import.meta.url));
const owner = as('li.wei', 'owner');
const auditor = as('eve.audit', 'auditor');
const engineer = as('zhao.sqe', 'quality-engineer');

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A real photo: a JPEG sharp makes, so the server's thumbnail has something to decode. */
const photo = (seed: number, width = 640, height = 480) =>
  sharp({ create: { width, height, channels: 3, background: { r: seed % 256, g: 80, b: 40 } } })
    .jpeg()
    .toBuffer();
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
/** A Windows program's first bytes: refused whatever its name says. */
const program = Buffer.concat([
  Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'),
  Buffer.alloc(512),
]);

type Part = { name?: string; bytes: Uint8Array; fileName: string; type?: string };

/** A multipart upload as a browser sends one: parts named "file", and fields. */
const upload = async (
  baseUrl: string,
  path: string,
  parts: readonly Part[],
  { fields = {}, headers = owner }: { fields?: Record<string, string>; headers?: Record<string, string> } = {},
) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const part of parts)
    form.append(
      part.name ?? 'file',
      new Blob([part.bytes], { type: part.type ?? 'application/octet-stream' }),
      part.fileName,
    );
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: form });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
};

const download = async (url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
};

/** Every blob file kept under a data directory (the incoming folder holds only uploads in flight). */
const blobFiles = (blobsDir: string): string[] => {
  if (!existsSync(blobsDir)) return [];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(path);
    }
  };
  walk(blobsDir);
  return found.sort();
};

const runCli = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [cliMain, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

describe('evidence on the record (npm start, files under DATA_DIR/blobs)', () => {
  let dataDir: string;
  let app: RunningApp;
  let api: ReturnType<typeof http>;
  const blobsDir = () => join(dataDir, 'data', 'blobs');
  const maxBytes = 2 * 1024 * 1024;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-evidence-'));
    app = await startApp(join(dataDir, 'data'), {
      // A refused upload's files are swept five seconds after they were stored.
      env: {
        EVIDENCE_MAX_BYTES: String(maxBytes),
        EVIDENCE_MAX_FILES: '3',
        // An upload's way from its bytes to its last event: 3 files of at most 5 s each (bytes a purge leaves that long).
        WRITE_TIMEOUT_MS: '5000',
        EVIDENCE_SWEEP_GRACE: '5',
        EVIDENCE_SWEEP_EVERY: '1',
      },
    });
    api = http(app.baseUrl, auditor);
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const openCase = async () => {
    const registered = await api.post('/api/v1/complaints', RegisterComplaintDto.example, as('desk', 'owner'));
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    const id = registered.body.id as string;
    const identified = await api.post(`/api/v1/complaints/${id}/steps/identify`, IdentifyStepDto.example, owner);
    assert.equal(identified.status, 200, JSON.stringify(identified.body));
    return id;
  };
  const events = async (id: string) =>
    (await api.get(`/api/v1/complaints/${id}/history`)).body.events as { seq: number; type: string; data: any }[];

  let caseId: string;
  let jpeg: Buffer;
  let attachedAt: number;

  it('attaches a photo and a PDF in one upload: one event each, naming the bytes by their hash, recorded once under a retried key', async () => {
    caseId = await openCase();
    const before = await events(caseId);
    jpeg = await photo(1);
    const parts = [
      { bytes: jpeg, fileName: '阀体泄漏.jpg', type: 'text/html' },
      { bytes: pdf, fileName: 'test-report.pdf' },
    ];
    const key = { ...owner, 'idempotency-key': `evidence-${caseId}` };
    const first = await upload(app.baseUrl, `/api/v1/complaints/${caseId}/evidence`, parts, {
      fields: { caption: 'Leak at the flange, as received' },
      headers: key,
    });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const [image, report] = first.body.attached;
    assert.equal(image.fileName, '阀体泄漏.jpg');
    // The type is what the bytes are, not what the client claimed.
    assert.equal(image.mediaType, 'image/jpeg');
    assert.equal(image.sha256, sha256(jpeg));
    assert.equal(image.size, jpeg.byteLength);
    assert.equal(image.caption, 'Leak at the flange, as received');
    assert.equal(image.by, 'li.wei');
    assert.equal(report.mediaType, 'application/pdf');

    const retried = await upload(app.baseUrl, `/api/v1/complaints/${caseId}/evidence`, parts, {
      fields: { caption: 'Leak at the flange, as received' },
      headers: key,
    });
    assert.equal(retried.status, 201, JSON.stringify(retried.body));
    assert.deepEqual(
      retried.body.attached.map((file: { id: string }) => file.id),
      [image.id, report.id],
    );

    const after = await events(caseId);
    const attached = after.slice(before.length);
    assert.deepEqual(
      attached.map((event) => event.type),
      ['EvidenceAttached', 'EvidenceAttached'],
    );
    // The bytes never enter an event: only their name, size and type.
    assert.deepEqual(Object.keys(attached[0]!.data).sort(), [
      'at',
      'by',
      'caption',
      'evidenceId',
      'fileName',
      'mediaType',
      'sha256',
      'size',
    ]);
    attachedAt = attached[0]!.seq;
    // Stored once, by hash.
    assert.ok(existsSync(join(blobsDir(), image.sha256.slice(0, 2), image.sha256.slice(2, 4), image.sha256)));
  });

  it('lists the files and opens the same bytes, with an ETag, ranges, nosniff and a sandboxing policy', async () => {
    const listed = await api.get(`/api/v1/complaints/${caseId}/evidence`);
    assert.equal(listed.status, 200);
    const [image, report] = listed.body.files;
    assert.equal(image.inline, true);

    const whole = await download(`${app.baseUrl}/api/v1/complaints/${caseId}/evidence/${image.id}`, auditor);
    assert.equal(whole.status, 200);
    assert.deepEqual(whole.bytes, jpeg);
    assert.equal(whole.headers.get('etag'), `"${sha256(jpeg)}"`);
    assert.equal(whole.headers.get('content-type'), 'image/jpeg');
    assert.equal(whole.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.match(whole.headers.get('content-disposition')!, /^inline; .*filename\*=UTF-8''%E9%98%80/);
    assert.match(whole.headers.get('content-security-policy')!, /^sandbox; default-src 'none'/);

    const part = await download(`${app.baseUrl}/api/v1/complaints/${caseId}/evidence/${image.id}`, {
      ...auditor,
      range: 'bytes=0-9',
    });
    assert.equal(part.status, 206);
    assert.deepEqual(part.bytes, jpeg.subarray(0, 10));
    assert.equal(part.headers.get('content-range'), `bytes 0-9/${jpeg.byteLength}`);

    const tail = await download(`${app.baseUrl}/api/v1/complaints/${caseId}/evidence/${image.id}`, {
      ...auditor,
      range: 'bytes=-4',
    });
    assert.deepEqual(tail.bytes, jpeg.subarray(jpeg.byteLength - 4));

    const outside = await download(`${app.baseUrl}/api/v1/complaints/${caseId}/evidence/${image.id}`, {
      ...auditor,
      range: `bytes=${jpeg.byteLength + 10}-`,
    });
    assert.equal(outside.status, 416);
    assert.equal(outside.headers.get('content-range'), `bytes */${jpeg.byteLength}`);

    const cached = await download(`${app.baseUrl}/api/v1/complaints/${caseId}/evidence/${image.id}`, {
      ...auditor,
      'if-none-match': `"${sha256(jpeg)}"`,
    });
    assert.equal(cached.status, 304);

    const pdfAnswer = await download(`${app.baseUrl}/api/v1/complaints/${caseId}/evidence/${report.id}`, auditor);
    assert.deepEqual(pdfAnswer.bytes, pdf);
    assert.match(pdfAnswer.headers.get('content-disposition')!, /^inline/);

    // Without a token, only by the signed link the list gave.
    assert.equal((await download(`${app.baseUrl}/api/v1/complaints/${caseId}/evidence/${image.id}`)).status, 401);
    const linked = await download(`${app.baseUrl}${image.url}`);
    assert.equal(linked.status, 200);
    assert.deepEqual(linked.bytes, jpeg);
    const forged = await download(`${app.baseUrl}${image.url.slice(0, -3)}abc`);
    assert.equal(forged.status, 404);

    const thumbnail = await download(`${app.baseUrl}${image.thumbnailUrl}`);
    assert.equal(thumbnail.status, 200);
    assert.equal(thumbnail.headers.get('content-type'), 'image/webp');
    const { width, height } = await sharp(thumbnail.bytes).metadata();
    assert.equal(width, 320);
    assert.equal(height, 240);
    assert.equal(report.thumbnailUrl, undefined);
  });

  it('keeps text as text to download, and an HTML page can never run in the origin', async () => {
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const letter = Buffer.from('尊敬的客户：\n阀体在 3 bar 下泄漏。\n');
    const answer = await upload(app.baseUrl, `/api/v1/complaints/${caseId}/evidence`, [
      { bytes: html, fileName: 'page.html', type: 'text/html' },
      { bytes: letter, fileName: '../../etc/passwd', type: 'text/plain' },
    ]);
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const [page, text] = answer.body.attached;
    assert.equal(page.mediaType, 'text/plain');
    assert.equal(page.inline, false);
    // A name is display text: its last segment, never a path.
    assert.equal(text.fileName, 'passwd');
    const served = await download(`${app.baseUrl}${page.url}`);
    assert.equal(served.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.match(served.headers.get('content-disposition')!, /^attachment/);
    assert.match(served.headers.get('content-security-policy')!, /sandbox/);
  });

  it('refuses every bad upload with a problem and stores nothing: a program named .jpg, an empty file, too large, too many, no file, a stray part', async () => {
    const before = { blobs: blobFiles(blobsDir()), events: (await events(caseId)).length };
    const path = `/api/v1/complaints/${caseId}/evidence`;

    const disguised = await upload(app.baseUrl, path, [{ bytes: program, fileName: 'photo.jpg', type: 'image/jpeg' }]);
    assert.equal(disguised.status, 415, JSON.stringify(disguised.body));
    assert.match(disguised.headers.get('content-type')!, /application\/problem\+json/);
    assert.equal(disguised.body.field, 'file[0]');

    const empty = await upload(app.baseUrl, path, [{ bytes: new Uint8Array(0), fileName: 'empty.jpg' }]);
    assert.equal(empty.status, 422, JSON.stringify(empty.body));

    const large = await photo(2, 4000, 3000).then((image) =>
      Buffer.concat([image, Buffer.alloc(maxBytes + 1 - image.byteLength)]),
    );
    const tooLarge = await upload(app.baseUrl, path, [{ bytes: large, fileName: 'huge.jpg' }]);
    assert.equal(tooLarge.status, 413, JSON.stringify(tooLarge.body));
    assert.equal(tooLarge.body.maxBytes, maxBytes);

    const four = await Promise.all([3, 4, 5, 6].map((seed) => photo(seed, 8, 8)));
    const tooMany = await upload(
      app.baseUrl,
      path,
      four.map((bytes, index) => ({ bytes, fileName: `p${index}.jpg` })),
    );
    assert.equal(tooMany.status, 413, JSON.stringify(tooMany.body));

    const none = await upload(app.baseUrl, path, [], { fields: { caption: 'no file' } });
    assert.equal(none.status, 400, JSON.stringify(none.body));
    assert.equal(none.body.errors[0].field, 'file');

    const stray = await upload(app.baseUrl, path, [{ name: 'attachment', bytes: jpeg, fileName: 'x.jpg' }]);
    assert.equal(stray.status, 400, JSON.stringify(stray.body));

    const json = await api.post(path, { file: 'aGVsbG8=' }, owner);
    assert.equal(json.status, 415, JSON.stringify(json.body));

    const chinese = await upload(app.baseUrl, path, [{ bytes: program, fileName: 'setup.exe' }], {
      headers: { ...owner, 'accept-language': 'zh-CN' },
    });
    assert.equal(chinese.status, 415);
    assert.match(chinese.body.detail, /不是本系统接受的文件类型/);

    const notAllowed = await upload(app.baseUrl, path, [{ bytes: jpeg, fileName: 'x.jpg' }], { headers: auditor });
    assert.equal(notAllowed.status, 403);

    // The refused uploads' blobs (the three small photos kept before the fourth was refused) are swept: nothing stays.
    await waitFor(
      'the sweep to remove the files no event names',
      async () => blobFiles(blobsDir()).filter((file) => !before.blobs.includes(file)).length === 0,
      30_000,
    );
    // A file an event names is never swept.
    assert.deepEqual(
      before.blobs.filter((file) => !existsSync(file)),
      [],
    );
    assert.equal((await events(caseId)).length, before.events);
  });

  it('refuses before the upload one who may not work the case, a key reused for other files, and a caption no store holds', async () => {
    const path = `/api/v1/complaints/${caseId}/evidence`;
    // li.wei's case: another owner is told before a byte is stored.
    const stranger = await upload(app.baseUrl, path, [{ bytes: pdf, fileName: 'x.pdf' }], {
      headers: as('zhou.min', 'owner'),
    });
    assert.equal(stranger.status, 403, JSON.stringify(stranger.body));

    const key = { ...owner, 'idempotency-key': `reuse-${caseId}` };
    const first = await upload(app.baseUrl, path, [{ bytes: pdf, fileName: 'first.pdf' }], { headers: key });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const renamed = await upload(app.baseUrl, path, [{ bytes: pdf, fileName: 'other name.pdf' }], { headers: key });
    assert.equal(renamed.status, 422, JSON.stringify(renamed.body));
    assert.equal(renamed.body.type, 'urn:qloop:problem:idempotency-key-reused');
    const retract = await api.post(
      `/api/v1/complaints/${caseId}/evidence/${first.body.attached[0].id}/retract`,
      { reason: 'A test file' },
      owner,
    );
    assert.equal(retract.status, 200);

    // Characters are counted, not bytes: 700 Chinese characters are 2,100 bytes, and a caption may hold 2,000 characters.
    const long = await upload(app.baseUrl, path, [{ bytes: Buffer.from('说明'), fileName: 'note.txt' }], {
      fields: { caption: '阀'.repeat(700) },
    });
    assert.equal(long.status, 201, JSON.stringify(long.body));
    await api.post(
      `/api/v1/complaints/${caseId}/evidence/${long.body.attached[0].id}/retract`,
      { reason: 'A test file' },
      owner,
    );
    const nul = await upload(app.baseUrl, path, [{ bytes: pdf, fileName: 'x.pdf' }], {
      fields: { caption: 'a\u0000b' },
    });
    assert.equal(nul.status, 400, JSON.stringify(nul.body));
    assert.equal(nul.body.errors[0].field, 'caption');
  });

  it('answers every other request while a client that went away mid-upload leaves nothing behind', async () => {
    const { request } = await import('node:http');
    const url = new URL(`${app.baseUrl}/api/v1/complaints/${caseId}/evidence`);
    for (let attempt = 0; attempt < 5; attempt++) {
      await new Promise<void>((resolve) => {
        const outgoing = request(url, {
          method: 'POST',
          headers: { ...owner, 'content-type': 'multipart/form-data; boundary=cut', 'content-length': '10000000' },
        });
        outgoing.on('error', () => resolve());
        outgoing.write(
          '--cut\r\nContent-Disposition: form-data; name="file"; filename="cut.pdf"\r\nContent-Type: application/pdf\r\n\r\n',
        );
        outgoing.write(Buffer.concat([pdf, Buffer.alloc(300_000, 1)]), () => {
          setTimeout(() => {
            outgoing.destroy();
            resolve();
          }, 200);
        });
      });
    }
    assert.equal((await api.get(`/api/v1/complaints/${caseId}`)).status, 200);
    await waitFor(
      'the cut uploads to leave nothing in incoming/',
      async () => blobFiles(join(blobsDir(), 'incoming')).length === 0,
      10_000,
    );
  });

  it('stores the same file uploaded by two clients at once once, as two pieces of evidence', async () => {
    const same = await photo(99);
    const answers = await Promise.all(
      [owner, as('wang.fang', 'supervisor')].map((headers) =>
        upload(app.baseUrl, `/api/v1/complaints/${caseId}/evidence`, [{ bytes: same, fileName: 'same.jpg' }], {
          headers,
        }),
      ),
    );
    for (const answer of answers) assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const [a, b] = answers.map((answer) => answer.body.attached[0]);
    assert.notEqual(a.id, b.id);
    assert.equal(a.sha256, b.sha256);
    assert.equal(blobFiles(blobsDir()).filter((file) => file.endsWith(sha256(same))).length, 1);
    assert.deepEqual(blobFiles(join(blobsDir(), 'incoming')), []);
  });

  it('retracts a mistaken upload with a reason; the file stays for the auditor, listed as retracted', async () => {
    const listed = (await api.get(`/api/v1/complaints/${caseId}/evidence`)).body.files;
    const mistaken = listed.find((file: { fileName: string }) => file.fileName === 'page.html');
    const retracted = await api.post(
      `/api/v1/complaints/${caseId}/evidence/${mistaken.id}/retract`,
      { reason: 'Uploaded to the wrong case' },
      owner,
    );
    assert.equal(retracted.status, 200, JSON.stringify(retracted.body));
    const file = retracted.body.files.find((candidate: { id: string }) => candidate.id === mistaken.id);
    assert.equal(file.retracted.reason, 'Uploaded to the wrong case');
    assert.equal(file.retracted.by, 'li.wei');
    const again = await api.post(
      `/api/v1/complaints/${caseId}/evidence/${mistaken.id}/retract`,
      { reason: 'twice' },
      owner,
    );
    assert.equal(again.status, 422);
    assert.equal((await download(`${app.baseUrl}${file.url}`)).status, 200);
    const timeline = await events(caseId);
    assert.equal(timeline.at(-1)!.type, 'EvidenceRetracted');
    assert.equal(timeline.at(-1)!.data.fileName, 'page.html');
  });

  it('lists exactly the files attached by a revision or an instant', async () => {
    const before = await api.get(`/api/v1/complaints/${caseId}/state?revision=${attachedAt - 1}`);
    assert.deepEqual(before.body.evidence ?? [], []);
    const first = await api.get(`/api/v1/complaints/${caseId}/evidence?revision=${attachedAt}`);
    assert.deepEqual(
      first.body.files.map((file: { fileName: string }) => file.fileName),
      ['阀体泄漏.jpg'],
    );
    const now = await api.get(
      `/api/v1/complaints/${caseId}/state?asOf=${encodeURIComponent(new Date().toISOString())}`,
    );
    assert.equal(now.body.evidence.length, 8);
  });

  it('audits every file: intact while the bytes hold, tampered naming the file once one byte of it is flipped', async () => {
    const intact = await api.get(`/api/v1/complaints/${caseId}/audit`);
    assert.equal(intact.status, 200);
    assert.ok(intact.body.files.every((file: { status: string }) => file.status === 'verified'));
    assert.notEqual(intact.body.verdict, 'tampered');

    const hash = sha256(jpeg);
    const path = join(blobsDir(), hash.slice(0, 2), hash.slice(2, 4), hash);
    const bytes = readFileSync(path);
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(path, bytes);
    const tampered = await api.get(`/api/v1/complaints/${caseId}/audit`);
    assert.equal(tampered.body.verdict, 'tampered');
    const altered = tampered.body.files.filter((file: { status: string }) => file.status !== 'verified');
    assert.deepEqual(altered, [
      {
        evidenceId: altered[0].evidenceId,
        revision: attachedAt,
        fileName: '阀体泄漏.jpg',
        sha256: hash,
        status: 'altered',
      },
    ]);
    rmSync(path);
    const missing = await api.get(`/api/v1/complaints/${caseId}/audit`);
    assert.equal(missing.body.files.find((file: { sha256: string }) => file.sha256 === hash).status, 'missing');
  });

  it("purges a file that holds someone's personal data: an administrator's act, its bytes gone, its audit purged, not altered", async () => {
    const id = await openCase();
    const letter = Buffer.from('Letter from Zhou Xiaomei, +86 138 0013 8000');
    const uploaded = await upload(app.baseUrl, `/api/v1/complaints/${id}/evidence`, [
      { bytes: letter, fileName: 'letter.txt', type: 'text/plain' },
    ]);
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
    const [{ id: evidenceId, url }] = uploaded.body.attached;
    const path = `/api/v1/complaints/${id}/evidence/${evidenceId}/purge`;
    const reason = { reason: 'The customer was erased (PIPL art. 47)' };
    assert.equal((await api.post(path, reason, owner)).status, 403);
    const admin = as('chen.admin', 'admin');
    const purged = await api.post(path, reason, admin);
    assert.equal(purged.status, 200, JSON.stringify(purged.body));
    const [file] = purged.body.files;
    assert.equal(file.purged.by, 'chen.admin');
    assert.equal(file.retracted.reason, reason.reason, 'a purged file is retracted too');
    // Done already: answered as done, recorded once.
    assert.equal((await api.post(path, reason, admin)).status, 200);
    assert.deepEqual(
      (await events(id)).filter((event) => event.type === 'EvidencePurged').map((event) => event.data.evidenceId),
      [evidenceId],
    );
    const gone = await download(`${app.baseUrl}${url}`);
    assert.equal(gone.status, 410);
    assert.equal((await api.get(`/api/v1/complaints/${id}/evidence/${evidenceId}`)).status, 410);
    // Stored a moment ago, the bytes could be another upload's on its way to its event: they go once that way is over.
    const hash = sha256(letter);
    const scanPath = join(blobsDir(), hash.slice(0, 2), hash.slice(2, 4), hash);
    assert.ok(existsSync(scanPath), 'kept while an upload of them may be on its way');
    await waitFor('the bytes deleted', () => !existsSync(scanPath), 30_000);
    const audit = (await api.get(`/api/v1/complaints/${id}/audit`)).body;
    assert.deepEqual(
      audit.files.map((verdict: { status: string }) => verdict.status),
      ['purged'],
    );
    assert.notEqual(audit.verdict, 'tampered');
    assert.equal((await api.post(`/api/v1/complaints/${id}/evidence/no-such-file/purge`, reason, admin)).status, 404);
  });

  it('takes no files on a closed case until it is reopened', async () => {
    const id = await openCase();
    const withdrawn = await api.post(
      `/api/v1/complaints/${id}/withdraw`,
      { reason: 'invalid', explanation: 'Not our product' },
      owner,
    );
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    const refused = await upload(app.baseUrl, `/api/v1/complaints/${id}/evidence`, [{ bytes: pdf, fileName: 'x.pdf' }]);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.type, 'urn:qloop:problem:case-closed');
  });

  it("attaches a supplier's 8D to its corrective action; a file naming an action it does not have is refused", async () => {
    const id = `sup-${crypto.randomUUID().slice(0, 8)}`;
    const registered = await api.post('/api/v1/suppliers', { ...RegisterSupplierDto.example, id }, engineer);
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    const path = `/api/v1/suppliers/${id}/evidence`;
    const unknown = await upload(app.baseUrl, path, [{ bytes: pdf, fileName: '8D.pdf' }], {
      fields: { correctiveActionId: 'CAR-nope' },
      headers: engineer,
    });
    assert.equal(unknown.status, 422, JSON.stringify(unknown.body));
    const attached = await upload(app.baseUrl, path, [{ bytes: pdf, fileName: '8D.pdf' }], {
      fields: { caption: 'Audit report of the line' },
      headers: engineer,
    });
    assert.equal(attached.status, 201, JSON.stringify(attached.body));
    const listed = await api.get(path);
    assert.deepEqual(
      listed.body.files.map((file: { fileName: string }) => file.fileName),
      ['8D.pdf'],
    );
    assert.equal((await upload(app.baseUrl, path, [{ bytes: pdf, fileName: 'x.pdf' }])).status, 403);
    const audit = await api.get(`/api/v1/suppliers/${id}/audit`);
    assert.deepEqual(
      audit.body.files.map((file: { status: string }) => file.status),
      ['verified'],
    );
  });
});

describe('evidence in PostgreSQL (BLOB_STORE=postgres), audited by the API and by qloop audit', () => {
  const schema = uniqueSchema('evidence_e2e');
  let dataDir: string;
  let app: RunningApp;
  let api: ReturnType<typeof http>;
  let admin: pg.Client;
  const storeEnv = () => ({
    EVENT_STORE: 'postgres',
    DATABASE_URL: databaseUrl(),
    DATABASE_SCHEMA: schema,
    BLOB_STORE: 'postgres',
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'qloop-evidence-pg-'));
    app = await startApp(join(dataDir, 'data'), { env: storeEnv() });
    api = http(app.baseUrl, auditor);
    admin = new pg.Client({ connectionString: databaseUrl() });
    await admin.connect();
  });
  afterAll(async () => {
    await app?.stop();
    for (const name of [schema, readSchemaFor(schema), blobSchemaOf(schema)])
      await admin?.query(`drop schema if exists "${name}" cascade`);
    await admin?.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the file in the database, and a byte flipped there fails /audit and qloop audit, naming the file', async () => {
    const registered = await api.post('/api/v1/complaints', RegisterComplaintDto.example, as('desk', 'owner'));
    const id = registered.body.id as string;
    const image = await photo(7);
    const attached = await upload(app.baseUrl, `/api/v1/complaints/${id}/evidence`, [
      { bytes: image, fileName: '阀体泄漏.jpg' },
    ]);
    assert.equal(attached.status, 201, JSON.stringify(attached.body));
    const [file] = attached.body.attached;
    assert.deepEqual((await download(`${app.baseUrl}${file.url}`)).bytes, image);
    assert.equal((await api.get(`/api/v1/complaints/${id}/audit`)).body.files[0].status, 'verified');

    const blobs = `"${blobSchemaOf(schema)}"`;
    await admin.query(
      `update ${blobs}.blob_chunks set bytes = overlay(bytes placing '\\x00'::bytea from 50 for 1)
        where upload_id = (select upload_id from ${blobs}.blobs where sha256 = $1) and seq = 0`,
      [file.sha256],
    );
    const audit = await api.get(`/api/v1/complaints/${id}/audit`);
    assert.equal(audit.body.verdict, 'tampered');
    const { events } = (await api.get(`/api/v1/complaints/${id}/history`)).body;
    const revision = events.find((event: { type: string }) => event.type === 'EvidenceAttached').seq;
    assert.deepEqual(audit.body.files, [
      { evidenceId: file.id, revision, fileName: '阀体泄漏.jpg', sha256: file.sha256, status: 'altered' },
    ]);

    const cli = await runCli(['audit', id], { ...storeEnv(), DATA_DIR: join(dataDir, 'data'), TEMPORAL_ADDRESS: '' });
    assert.equal(cli.code, 1, cli.stdout + cli.stderr);
    assert.match(cli.stdout, new RegExp(`#${revision} evidence ${file.id} \\(阀体泄漏\\.jpg\\): ALTERED`));
  });
});
