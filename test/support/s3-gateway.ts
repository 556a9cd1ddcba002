import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../libs/support/free-port.js';
import type { GoTool } from '../../libs/platform/temporal-cli.js';
import { listening, testServerPath, testServerUnavailable } from './test-server.js';

/**
 * The Versity S3 gateway (Apache-2.0): an S3 server over a folder, which the
 * S3 blob store's tests talk to. `npm run test:servers` builds it once per
 * machine (`.ci/run` does); SeaweedFS and MinIO cannot be built here.
 */
export const s3Gateway: GoTool = {
  binary: 'versitygw',
  module: 'github.com/versity/versitygw/cmd/versitygw@v1.8.0',
  folder: 'versitygw-v1.8.0',
  pathVariable: 'S3_GATEWAY_PATH',
  missing: 'No S3 gateway found, and no Go to build it (go install github.com/versity/versitygw/cmd/versitygw@v1.8.0)',
};

const gatewayPath = (): string => testServerPath(s3Gateway);

/** Why the S3 tests cannot run here, if they cannot. */
export const s3GatewayUnavailable = (): string | undefined => testServerUnavailable(s3Gateway, 'S3 gateway');

export type S3Gateway = Readonly<{
  config: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  /** A new, empty bucket. */
  bucket(): Promise<string>;
  /** Flips a byte of an object behind the server's back: its posix backend keeps objects as files. */
  corrupt(key: string): Promise<void>;
  stop(): Promise<void>;
}>;

/** A gateway of its own over a fresh folder, on a free loopback port. */
export const startS3Gateway = async (): Promise<S3Gateway> => {
  const root = mkdtempSync(join(tmpdir(), 'qloop-s3-'));
  const port = await freePort();
  const credentials = { accessKeyId: 'qloop-test', secretAccessKey: randomUUID() };
  const child: ChildProcess = spawn(gatewayPath(), ['--port', `127.0.0.1:${port}`, 'posix', root], {
    env: { ...process.env, ROOT_ACCESS_KEY: credentials.accessKeyId, ROOT_SECRET_KEY: credentials.secretAccessKey },
    stdio: 'ignore',
  });
  await listening('The S3 gateway', port);
  const buckets: string[] = [];
  return {
    config: { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials },
    bucket: async () => {
      // The posix backend's buckets are the folders at its root.
      const name = `qloop-${randomUUID().slice(0, 8)}`;
      mkdirSync(join(root, name));
      buckets.push(name);
      return name;
    },
    corrupt: async (key) => {
      const path = buckets.map((bucket) => join(root, bucket, key)).find((candidate) => existsSync(candidate));
      if (!path) throw new Error(`No object ${key} in this gateway's buckets`);
      const bytes = readFileSync(path);
      bytes[0] = bytes[0]! ^ 0xff;
      writeFileSync(path, bytes);
    },
    stop: async () => {
      child.kill();
      rmSync(root, { recursive: true, force: true });
    },
  };
};
