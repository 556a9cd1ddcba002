import { ImapFlow } from 'imapflow';

/** Where a message goes once read: filed as done, or kept aside for a person. */
export const processedFolder = 'Processed';
export const quarantineFolder = 'Quarantine';
/** The keyword set on each message the product has read, so a person looking at the mailbox sees it was. */
export const processedKeyword = '$QloopProcessed';

/** A message waiting in the inbox. */
export type WaitingMail = Readonly<{
  uid: number;
  /** The mailbox's UIDVALIDITY and the uid: what names the message in this mailbox, for as long as it is there. */
  key: string;
  size: number;
  receivedAt?: Date;
}>;

/** The mailbox the product reads complaints from, over IMAP: one connection for one poll. */
export type Mailbox = Readonly<{
  /** The messages in the inbox now, oldest first. */
  waiting(): Promise<WaitingMail[]>;
  source(uid: number): Promise<Buffer>;
  /** Flags the message as read by the product and moves it into `folder`: it leaves the inbox, never the mailbox. */
  file(uid: number, folder: typeof processedFolder | typeof quarantineFolder): Promise<void>;
  close(): Promise<void>;
}>;

/** `imap://user:password@host:143` (STARTTLS when offered) or `imaps://…:993`. */
export const imapOptionsOf = (url: string) => {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'imaps:';
  return {
    host: parsed.hostname,
    port: Number(parsed.port) || (secure ? 993 : 143),
    secure,
    auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) },
  };
};

/** Connects to the mailbox and holds its inbox for one poll; the folders messages are filed in are made when missing. */
export const openMailbox = async (url: string): Promise<Mailbox> => {
  const client = new ImapFlow({
    ...imapOptionsOf(url),
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  // A dropped connection is reported by the command that meets it; the client's own event must not end the process.
  client.on('error', () => undefined);
  await client.connect();
  let lock: Awaited<ReturnType<ImapFlow['getMailboxLock']>>;
  try {
    const existing = new Set((await client.list()).map((folder) => folder.path));
    for (const folder of [processedFolder, quarantineFolder])
      if (!existing.has(folder)) await client.mailboxCreate(folder);
    lock = await client.getMailboxLock('INBOX');
  } catch (error) {
    await client.logout().catch(() => client.close());
    throw error;
  }
  const validity = () => (client.mailbox ? String(client.mailbox.uidValidity) : '');
  return {
    async waiting() {
      const uids = await client.search({ all: true }, { uid: true });
      // A refused search is no empty inbox.
      if (uids === false || uids === undefined) throw new Error('The mailbox refused to list its inbox');
      if (uids.length === 0) return [];
      const found: WaitingMail[] = [];
      for await (const message of client.fetch(uids, { uid: true, size: true, internalDate: true }, { uid: true }))
        found.push({
          uid: message.uid,
          key: `${validity()}:${message.uid}`,
          size: message.size ?? 0,
          ...(message.internalDate ? { receivedAt: new Date(message.internalDate) } : {}),
        });
      return found.sort((a, b) => a.uid - b.uid);
    },
    async source(uid) {
      const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
      if (!message || !message.source) throw new Error(`Message ${uid} is no longer in the inbox`);
      return message.source;
    },
    async file(uid, folder) {
      await client.messageFlagsAdd(String(uid), ['\\Seen', processedKeyword], { uid: true });
      const moved = await client.messageMove(String(uid), folder, { uid: true });
      if (!moved) throw new Error(`Message ${uid} could not be moved to ${folder}`);
    },
    async close() {
      lock.release();
      await client.logout().catch(() => client.close());
    },
  };
};
