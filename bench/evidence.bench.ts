import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import sharp from 'sharp';
import { RegisterComplaintDto } from '../apps/api/complaints/dto/register-complaint.dto.js';
import { IdentifyStepDto } from '../apps/api/complaints/dto/step-bodies.dto.js';
import { blobSchemaOf } from '../libs/platform/blob-storage.js';
import { readSchemaFor } from '../libs/platform/storage.js';
import { freePort } from '../libs/support/free-port.js';
import { startApp, type RunningApp } from '../test/support/app-process.js';
import { databaseUrl, uniqueSchema } from '../test/support/postgres.js';
import { as } from '../test/support/tokens.js';
import { median, report } from './measure.js';
import { httpReady, processUsage, spawnNode, type Child } from './support/services.js';

/**
 * 10. Evidence files: a 20 MiB upload and download through the API (the app
 * as `npm start` runs it, real HTTP, the file recorded by its case's
 * workflow), on the embedded blob store against writing the same bytes to a
 * file (write, fsync) and reading them back, and on BLOB_STORE=postgres
 * against a raw `pg` INSERT and SELECT of them as one bytea. Then the API
 * process's resident memory while a 200 MiB file streams in and back out,
 * sampled from /proc every 50 ms: it must stay flat.
 */
const mib = 1024 * 1024;
const fileBytes = Number(process.env.BENCH_EVIDENCE_MIB ?? 20) * mib;
const bigBytes = Number(process.env.BENCH_EVIDENCE_BIG_MIB ?? 200) * mib;
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const samplingMs = 50;

const owner = as('li.wei', 'owner');
const mbPerSecond = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
const inMib = (bytes: number) => bytes / mib;

/** A real JPEG's bytes, so the upload's type sniffing takes the file; random bytes after it make it as large as asked. */
const jpegHead = () =>
  sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .jpeg()
    .toBuffer();

const boundary = `qloop-bench-${randomUUID()}`;
const preamble = Buffer.from(
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="evidence.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
);
const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`);

const collect = async (response: IncomingMessage): Promise<string> => {
  let text = '';
  for await (const chunk of response) text += String(chunk);
  return text;
};

/** POSTs one multipart file of `size` bytes, streamed from `content` (never held whole here); answers the body of the 201. */
const send = (
  url: string,
  content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  size: number,
  headers: Record<string, string> = owner,
): Promise<string> =>
  new Promise((resolve, reject) => {
    const post = request(url, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(preamble.byteLength + size + epilogue.byteLength),
      },
    });
    post.on('error', reject);
    post.on('response', (response) => {
      collect(response).then(
        (text) =>
          response.statusCode === 201 ? resolve(text) : reject(new Error(`${url}: ${response.statusCode} ${text}`)),
        reject,
      );
    });
    async function* body() {
      yield preamble;
      yield* content;
      yield epilogue;
    }
    pipeline(Readable.from(body()), post).catch(reject);
  });

type Stored = Readonly<{ evidenceId: string; sha256: string }>;

/** Attaches one file to a case through the API: its evidence id and hash. */
const upload = async (
  url: string,
  content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  size: number,
): Promise<Stored> => {
  const [file] = JSON.parse(await send(url, content, size)).attached as { id: string; sha256: string }[];
  return { evidenceId: file!.id, sha256: file!.sha256 };
};

/** GETs a file, counting its bytes as they come (none kept); checks its length, and its ETag when given. */
const receive = (url: string, size: number, sha256?: string, headers: Record<string, string> = owner): Promise<void> =>
  new Promise((resolve, reject) => {
    const get = request(url, { headers });
    get.on('error', reject);
    get.on('response', (response) => {
      let received = 0;
      response.on('data', (chunk: Buffer) => (received += chunk.byteLength));
      response.on('error', reject);
      response.on('end', () => {
        if (response.statusCode !== 200) return reject(new Error(`${url}: ${response.statusCode}`));
        if (received !== size) return reject(new Error(`${url}: ${received} bytes, expected ${size}`));
        if (sha256 && response.headers.etag !== `"${sha256}"`)
          return reject(new Error(`${url}: ETag ${response.headers.etag}`));
        resolve();
      });
    });
    get.end();
  });

const download = (url: string, file: Stored, size: number) => receive(url, size, file.sha256);

const timed = async (work: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

/** A case that takes files: registered and identified, as a desk and its owner would. */
const openCase = async (baseUrl: string): Promise<string> => {
  const call = async (path: string, body: unknown, headers: Record<string, string>) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { id: string };
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { id } = await call('/api/v1/complaints', RegisterComplaintDto.example, as('desk', 'owner'));
  await call(`/api/v1/complaints/${id}/steps/identify`, IdentifyStepDto.example, owner);
  return id;
};

/** One baseline: store the bytes and read them back, each timed. */
type Raw = Readonly<{ write: (bytes: Buffer) => Promise<string>; read: (key: string) => Promise<Buffer> }>;

const rawFile = (dir: string): Raw => ({
  write: async (bytes) => {
    const path = join(dir, randomUUID());
    const handle = await open(path, 'wx');
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    return path;
  },
  read: (path) => readFile(path),
});

const rawPg = (client: pg.Client, table: string): Raw => ({
  write: async (bytes) => {
    const id = randomUUID();
    await client.query(`insert into ${table} (id, bytes) values ($1, $2)`, [id, bytes]);
    return id;
  },
  read: async (id) =>
    (await client.query<{ bytes: Buffer }>(`select bytes from ${table} where id = $1`, [id])).rows[0]!.bytes,
});

/**
 * The 20 MiB file through the API against the raw baseline, `rounds` rounds
 * by turns, the medians reported in MB/s. With `floor` (a bare node:http
 * server's address), the same bodies through it too, and the JPEG alone
 * through both: what HTTP costs by itself, and the fixed cost of one upload.
 */
const throughput = async (
  app: RunningApp,
  raw: Raw,
  store: string,
  baseline: string,
  floor?: string,
): Promise<void> => {
  const caseId = await openCase(app.baseUrl);
  const evidenceUrl = `${app.baseUrl}/api/v1/complaints/${caseId}/evidence`;
  const head = await jpegHead();
  // Fresh bytes each time: the blob store is content-addressed, and a second copy of the same bytes is not the same work.
  const payload = () => Buffer.concat([head, randomBytes(fileBytes - head.byteLength)]);
  const samples: Record<string, number[]> = {};
  const keep = (round: number, name: string, ms: number) => {
    if (round >= 0) (samples[name] ??= []).push(ms);
  };
  const framed = (size: number) => preamble.byteLength + size + epilogue.byteLength;
  for (let round = -1; round < rounds; round++) {
    // Round -1 warms everything up, and is not kept.
    const bytes = payload();
    let file: Stored | undefined;
    keep(round, 'up', await timed(async () => (file = await upload(evidenceUrl, [bytes], fileBytes))));
    keep(round, 'down', await timed(() => download(`${evidenceUrl}/${file!.evidenceId}`, file!, fileBytes)));
    let key = '';
    keep(round, 'raw up', await timed(async () => (key = await raw.write(bytes))));
    let back: Buffer | undefined;
    keep(round, 'raw down', await timed(async () => (back = await raw.read(key))));
    if (!back!.equals(bytes)) throw new Error(`${baseline}: the bytes read back differ`);
    if (!floor) continue;
    let name = '';
    keep(round, 'bare up', await timed(async () => (name = JSON.parse(await send(floor, [bytes], fileBytes)).name)));
    keep(round, 'bare down', await timed(() => receive(`${floor}/files/${name}`, framed(fileBytes))));
    const photo = Buffer.concat([head, randomBytes(16)]);
    keep(round, 'small up', await timed(async () => (file = await upload(evidenceUrl, [photo], photo.byteLength))));
    keep(
      round,
      'small down',
      await timed(() => download(`${evidenceUrl}/${file!.evidenceId}`, file!, photo.byteLength)),
    );
    keep(
      round,
      'bare small up',
      await timed(async () => (name = JSON.parse(await send(floor, [photo], photo.byteLength)).name)),
    );
    keep(
      round,
      'case read',
      await timed(async () => {
        const response = await fetch(`${app.baseUrl}/api/v1/complaints/${caseId}`, { headers: owner });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`GET the case: ${response.status}`);
      }),
    );
    keep(round, 'bare small down', await timed(() => receive(`${floor}/files/${name}`, framed(photo.byteLength))));
  }
  const rate = (name: string) => mbPerSecond(fileBytes, median(samples[name]!));
  const size = `${inMib(fileBytes)} MiB`;
  report(`${store}: upload ${size} vs ${baseline} write`, rate('up'), rate('raw up'), 'MB/s');
  report(`${store}: download ${size} vs ${baseline} read`, rate('down'), rate('raw down'), 'MB/s');
  if (!floor) return;
  report(`${store}: upload ${size} vs bare node:http to a file`, rate('up'), rate('bare up'), 'MB/s');
  report(`${store}: download ${size} vs bare node:http from it`, rate('down'), rate('bare down'), 'MB/s');
  const ms = (name: string) => median(samples[name]!);
  const small = `${((head.byteLength + 16) / 1024).toFixed(1)} KiB`;
  report(`${store}: upload of a ${small} JPEG vs bare`, ms('small up'), ms('bare small up'), 'ms', false);
  report(`${store}: download of it vs bare`, ms('small down'), ms('bare small down'), 'ms', false);
  report(`${store}: download of it vs GET of its case`, ms('small down'), ms('case read'), 'ms', false);
};

/** Samples a process's resident memory every `samplingMs` until stopped: the peak seen. */
const rssSampler = (pid: number) => {
  let running = true;
  let peak = 0;
  const sampling = (async () => {
    while (running) {
      peak = Math.max(peak, (await processUsage(pid)).rssBytes);
      await sleep(samplingMs);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await sampling;
      return Math.max(peak, (await processUsage(pid)).rssBytes);
    },
  };
};

/** The big file's bytes, a megabyte at a time, made as they are sent: a JPEG, then random bytes. */
async function* bigFile(head: Buffer, size: number): AsyncGenerator<Uint8Array> {
  const block = randomBytes(mib);
  yield head;
  for (let sent = head.byteLength, n = 0; sent < size; n++) {
    const chunk = Buffer.from(block.subarray(0, Math.min(mib, size - sent)));
    chunk.writeUInt32BE(n, 0);
    yield chunk;
    sent += chunk.byteLength;
  }
}

/** The API process's RSS before, and its peak while a `bigBytes` file streams in, then out. */
const memory = async (app: RunningApp, store: string): Promise<void> => {
  const pid = app.process.pid!;
  const caseId = await openCase(app.baseUrl);
  const evidenceUrl = `${app.baseUrl}/api/v1/complaints/${caseId}/evidence`;
  const head = await jpegHead();
  const rss = async () => (await processUsage(pid)).rssBytes;
  const phase = async (what: string, transfer: () => Promise<unknown>) => {
    await sleep(2000); // Let the last transfer's garbage settle before the baseline is read.
    const before = await rss();
    const sampler = rssSampler(pid);
    const ms = await timed(transfer);
    const peak = await sampler.stop();
    await sleep(1000);
    const after = await rss();
    report(
      `${store}: API RSS peak vs before, ${inMib(bigBytes)} MiB ${what}`,
      inMib(peak),
      inMib(before),
      'MiB',
      false,
    );
    const signed = (bytes: number) => `${bytes >= 0 ? '+' : ''}${inMib(bytes).toFixed(1)} MiB`;
    console.log(
      `  growth ${signed(peak - before)} at the peak, ${signed(after - before)} a second after; ${mbPerSecond(bigBytes, ms).toFixed(0)} MB/s`,
    );
  };
  let file: { evidenceId: string; sha256: string } | undefined;
  await phase('upload', async () => (file = await upload(evidenceUrl, bigFile(head, bigBytes), bigBytes)));
  // Twice: growth that a second download adds to is memory held; growth it does not add to is the heap's high-water mark.
  await phase('download', () => download(`${evidenceUrl}/${file!.evidenceId}`, file!, bigBytes));
  await phase('download #2', () => download(`${evidenceUrl}/${file!.evidenceId}`, file!, bigBytes));
};

const appEnv = { EVIDENCE_MAX_BYTES: String(bigBytes + mib), RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' };

export const runEvidence = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'qloop-bench-evidence-'));
  console.log(
    `\nEvidence files: ${inMib(fileBytes)} MiB through the API (multipart upload, download), median of ${rounds} rounds by turns against the raw store; then the API process's RSS while ${inMib(bigBytes)} MiB stream through, sampled every ${samplingMs} ms.\n`,
  );
  try {
    const embedded = await startApp(join(dir, 'data'), { env: appEnv });
    let floor: Child | undefined;
    try {
      const floorPort = await freePort();
      mkdirSync(join(dir, 'bare'));
      floor = await spawnNode(
        'bench/evidence/bare-server.js',
        [String(floorPort), join(dir, 'bare')],
        {},
        httpReady(`http://127.0.0.1:${floorPort}/health`),
      );
      await throughput(
        embedded,
        rawFile(join(dir, 'data')),
        'embedded',
        'raw file (fsync)',
        `http://127.0.0.1:${floorPort}`,
      );
      await memory(embedded, 'embedded');
    } finally {
      await floor?.stop();
      await embedded.stop();
    }

    const schema = uniqueSchema('evidence_bench');
    const rawSchema = `${schema}_raw`;
    const admin = new pg.Client({ connectionString: databaseUrl() });
    await admin.connect();
    try {
      await admin.query(`create schema "${rawSchema}"`);
      await admin.query(`create table "${rawSchema}".raw_blobs (id uuid primary key, bytes bytea not null)`);
      const onPostgres = await startApp(join(dir, 'pg'), {
        env: {
          ...appEnv,
          EVENT_STORE: 'postgres',
          DATABASE_URL: databaseUrl(),
          DATABASE_SCHEMA: schema,
          BLOB_STORE: 'postgres',
        },
      });
      try {
        await throughput(onPostgres, rawPg(admin, `"${rawSchema}".raw_blobs`), 'postgres', 'raw pg bytea');
        await memory(onPostgres, 'postgres');
      } finally {
        await onPostgres.stop();
      }
    } finally {
      for (const name of [schema, readSchemaFor(schema), blobSchemaOf(schema), rawSchema])
        await admin.query(`drop schema if exists "${name}" cascade`);
      await admin.end();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
