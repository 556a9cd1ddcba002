import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../libs/support/free-port.js';
import type { GoTool } from '../../libs/platform/temporal-cli.js';
import { listening, testServerPath, testServerUnavailable } from './test-server.js';

/**
 * Mailpit (MIT): a real SMTP server that keeps what it is sent and shows it
 * through an HTTP API. `npm run test:servers` builds it once per machine
 * (`.ci/run` does).
 */
export const mailpitTool: GoTool = {
  binary: 'mailpit',
  module: 'github.com/axllent/mailpit@v1.33.1',
  folder: 'mailpit-v1.33.1',
  pathVariable: 'MAILPIT_PATH',
  missing: 'No Mailpit found, and no Go to build it (go install github.com/axllent/mailpit@v1.33.1)',
};

const mailpitPath = (): string => testServerPath(mailpitTool);

/** Why the e-mail tests cannot run here, if they cannot. */
export const mailpitUnavailable = (): string | undefined => testServerUnavailable(mailpitTool, 'Mailpit');

/** A message as Mailpit's API lists it. */
export type ArrivedMail = Readonly<{
  ID: string;
  MessageID: string;
  Subject: string;
  To: readonly { Name: string; Address: string }[];
}>;

/** A message in full: its text and HTML parts, and its headers. */
export type ArrivedMessage = ArrivedMail & Readonly<{ Text: string; HTML: string }>;

export type Mailpit = Readonly<{
  smtpUrl: string;
  /** Everything that arrived, newest first. */
  messages(): Promise<ArrivedMail[]>;
  message(id: string): Promise<ArrivedMessage>;
  headers(id: string): Promise<Record<string, string[]>>;
  /** Until `count` messages match, or throws after `within` ms. */
  waitFor(match: (mail: ArrivedMail) => boolean, count?: number, within?: number): Promise<ArrivedMail[]>;
  /** Stops taking mail (the server goes away), and `start` brings it back on the same ports. */
  stopListening(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}>;

/** A Mailpit of its own on free loopback ports, keeping its messages in a throwaway folder. */
export const startMailpit = async (): Promise<Mailpit> => {
  const dir = mkdtempSync(join(tmpdir(), 'qloop-mailpit-'));
  const smtpPort = await freePort();
  const httpPort = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      mailpitPath(),
      [
        '--smtp',
        `127.0.0.1:${smtpPort}`,
        '--listen',
        `127.0.0.1:${httpPort}`,
        '--database',
        join(dir, 'mailpit.db'),
        '--smtp-auth-accept-any',
        '--smtp-auth-allow-insecure',
        '--disable-version-check',
        '--quiet',
      ],
      { stdio: 'ignore' },
    );
    await listening('Mailpit', smtpPort);
    await listening('Mailpit', httpPort);
  };
  const stopListening = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill();
    await exited;
  };
  await start();
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`http://127.0.0.1:${httpPort}/api/v1/${path}`);
    if (!response.ok) throw new Error(`Mailpit answered ${response.status} to ${path}`);
    return (await response.json()) as T;
  };
  const messages = async () => (await api<{ messages: ArrivedMail[] }>('messages?limit=500')).messages;
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    messages,
    message: (id) => api<ArrivedMessage>(`message/${id}`),
    headers: (id) => api<Record<string, string[]>>(`message/${id}/headers`),
    waitFor: async (match, count = 1, within = 60_000) => {
      const until = Date.now() + within;
      for (;;) {
        const found = (await messages()).filter(match);
        if (found.length >= count) return found;
        if (Date.now() > until) throw new Error(`${found.length} of ${count} messages arrived within ${within} ms`);
        await sleep(250);
      }
    },
    stopListening,
    start,
    stop: async () => {
      await stopListening();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
