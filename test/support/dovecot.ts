import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from '../../libs/support/free-port.js';
import { listening } from './test-server.js';

const dovecotPath = '/usr/sbin/dovecot';

/** Why the IMAP tests cannot run here, if they cannot. */
export const dovecotUnavailable = (): string | undefined => {
  if (!existsSync(dovecotPath)) return 'no Dovecot here (Debian package dovecot-imapd, which .ci/run installs)';
  // Its mail processes run as `nobody`, which only root can switch to.
  if (process.getuid?.() !== 0) return 'Dovecot is started as root here, to serve its mailbox as nobody';
  return undefined;
};

/** A message as a folder of the test mailbox holds it. */
export type HeldMail = Readonly<{ uid: number; subject: string; messageId?: string; flags: readonly string[] }>;

export type Dovecot = Readonly<{
  /** The product's IMAP_URL for the one mailbox. */
  imapUrl: string;
  /** Puts a raw message in the inbox, as a mail server delivering it would. */
  deliver(raw: string | Buffer): Promise<void>;
  /** What a folder holds now. */
  folder(name: string): Promise<HeldMail[]>;
  /** The server goes away, keeping its mail; `resume` brings it back on the same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}>;

/** A Dovecot of its own on a free loopback port, with one throwaway mailbox (`complaints`) in maildir form. */
export const startDovecot = async (): Promise<Dovecot> => {
  const dir = mkdtempSync(join(tmpdir(), 'qloop-dovecot-'));
  const mail = join(dir, 'mail');
  mkdirSync(mail);
  mkdirSync(join(dir, 'run'));
  chmodSync(dir, 0o755);
  chmodSync(mail, 0o777);
  const port = await freePort();
  const password = 'mailbox-secret';
  writeFileSync(join(dir, 'users'), `complaints:{PLAIN}${password}\n`);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    [
      'protocols = imap',
      'listen = 127.0.0.1',
      `base_dir = ${join(dir, 'run')}`,
      `state_dir = ${join(dir, 'run', 'state')}`,
      `log_path = ${join(dir, 'dovecot.log')}`,
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `mail_location = maildir:${mail}/%u`,
      'service imap-login {',
      `  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }`,
      '  inet_listener imaps {\n    port = 0\n  }',
      '  chroot =',
      '}',
      'service anvil {\n  chroot =\n}',
      `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN ${join(dir, 'users')}\n}`,
      `userdb {\n  driver = static\n  args = uid=65534 gid=65534 home=${mail}/%u\n}`,
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  const resume = async () => {
    child = spawn(dovecotPath, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
    await listening('Dovecot', port);
  };
  const pause = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    running.kill('SIGTERM');
    await new Promise((resolve) => running.once('exit', resolve));
  };
  await resume();
  const client = async <T>(work: (imap: ImapFlow) => Promise<T>): Promise<T> => {
    const imap = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user: 'complaints', pass: password },
      logger: false,
    });
    await imap.connect();
    try {
      return await work(imap);
    } finally {
      await imap.logout();
    }
  };
  return {
    imapUrl: `imap://complaints:${password}@127.0.0.1:${port}`,
    deliver: (raw) =>
      client(async (imap) => {
        await imap.append('INBOX', raw);
      }),
    folder: (name) =>
      client(async (imap) => {
        if (!(await imap.list()).some((folder) => folder.path === name)) return [];
        const lock = await imap.getMailboxLock(name);
        try {
          if (imap.mailbox && imap.mailbox.exists === 0) return [];
          const held: HeldMail[] = [];
          for await (const message of imap.fetch('1:*', { uid: true, envelope: true, flags: true }))
            held.push({
              uid: message.uid,
              subject: message.envelope?.subject ?? '',
              ...(message.envelope?.messageId ? { messageId: message.envelope.messageId } : {}),
              flags: [...(message.flags ?? [])],
            });
          return held;
        } finally {
          lock.release();
        }
      }),
    pause,
    resume,
    stop: async () => {
      await pause();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
