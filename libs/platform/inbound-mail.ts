import type { QuarantineReason } from '../contracts/mail.js';
import { convert } from 'html-to-text';
import { simpleParser } from 'mailparser';
import { isEmailAddress } from './people.js';

/** The largest message read from the mailbox; a bigger one is quarantined unread, for a person to look at. */
export const maxInboundBytes = 25 * 1024 * 1024;

/** The most of a message's text a case keeps, as a registration's description may hold. */
export const maxInboundText = 5000;
export const maxInboundSubject = 200;

/** A message as the product reads it: text only (HTML becomes text, its scripts and markup gone), and who sent it. */
export type InboundMail = Readonly<{
  /** Its Message-ID without the angle brackets, if it has one. */
  messageId?: string;
  from: Readonly<{ address: string; name?: string }>;
  subject: string;
  text: string;
  /** When it was written (its Date header), if it says. */
  date?: Date;
  /** The messages it answers (In-Reply-To, then References), newest first, without angle brackets. */
  answers: readonly string[];
  /** Its files, pictures pasted into it too: evidence on the case, where the product takes their type. */
  attachments: readonly Readonly<{ fileName: string; bytes: Buffer }>[];
}>;

/** The longest Message-ID kept; a longer one is cut (it still names the message through its hash). */
const maxMessageId = 300;

export { quarantineReasons, type QuarantineReason } from '../contracts/mail.js';

export class Unreadable extends Error {
  constructor(
    readonly reason: QuarantineReason,
    /** Its Message-ID, when it could be read that far. */
    readonly messageId?: string,
  ) {
    super(`The message cannot be read: ${reason}`);
  }
}

const idOf = (value: string): string => storableText(value.trim().replace(/^<|>$/g, ''), maxMessageId);

/** Text any store holds: NUL and unpaired surrogates (which no jsonb takes) replaced, runs of blank lines shortened. */
export const storableText = (text: string, max: number): string => {
  const cleaned = text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g, '\uFFFD')
    .replace(/\r\n?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (cleaned.length <= max) return cleaned;
  // Cut between characters, never inside one (half of a surrogate pair is text no store holds).
  const cut = cleaned.slice(0, max - 1);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
};

/**
 * Written by a machine, not a person: an auto-reply (`Auto-Submitted`), a
 * delivery report (a bounce), bulk or list mail. Such a message neither
 * registers a complaint nor speaks for a customer.
 */
const isAutomatic = (headers: Map<string, unknown>): boolean => {
  const text = (name: string) => {
    const value = headers.get(name);
    const said = typeof value === 'object' && value !== null && 'value' in value ? value.value : value;
    return typeof said === 'string' ? said.trim().toLowerCase() : '';
  };
  const submitted = text('auto-submitted');
  return (
    (submitted !== '' && submitted !== 'no') ||
    text('content-type') === 'multipart/report' ||
    ['bulk', 'junk', 'list', 'auto_reply'].includes(text('precedence')) ||
    text('x-autoreply') === 'yes'
  );
};

/** HTML as the text a person reads in it: no markup, scripts or styles, and no addresses of images or links. */
const textOfHtml = (html: string): string => {
  try {
    return convert(html, {
      wordwrap: false,
      selectors: [
        { selector: 'img', format: 'skip' },
        { selector: 'a', options: { ignoreHref: true } },
      ],
    });
  } catch {
    // Nested past what the converter can walk (thousands deep): no text a person could have meant.
    throw new Unreadable('unparsable');
  }
};

/**
 * A message from its raw source. Its HTML is never kept, only the text a
 * person reads in it, and only when it has no plain-text part. A message with
 * no sender's address, or one mailparser cannot read, is `Unreadable`.
 */
export const readInbound = async (source: Buffer): Promise<InboundMail> => {
  if (source.byteLength > maxInboundBytes) throw new Unreadable('too-large');
  const parsed = await simpleParser(source, {
    skipImageLinks: true,
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    maxHtmlLengthToParse: maxInboundBytes,
  }).catch(() => {
    throw new Unreadable('unparsable');
  });
  const sender = parsed.from?.value.find((address) => address.address && isEmailAddress(address.address));
  const messageId = parsed.messageId ? idOf(parsed.messageId) : undefined;
  if (!sender?.address) throw new Unreadable('no-sender', messageId);
  if (isAutomatic(parsed.headers)) throw new Unreadable('automatic', messageId);
  const references = typeof parsed.references === 'string' ? [parsed.references] : (parsed.references ?? []);
  const name = sender.name ? storableText(sender.name, 200) : '';
  return {
    ...(messageId ? { messageId } : {}),
    from: { address: sender.address.toLowerCase(), ...(name ? { name } : {}) },
    subject: storableText(parsed.subject ?? '', maxInboundSubject),
    text: storableText(parsed.text?.trim() ? parsed.text : parsed.html ? textOfHtml(parsed.html) : '', maxInboundText),
    ...(parsed.date && !Number.isNaN(parsed.date.getTime()) ? { date: parsed.date } : {}),
    answers: [...(parsed.inReplyTo ? [parsed.inReplyTo] : []), ...[...references].reverse()]
      .flatMap((value) => value.split(/\s+/))
      .filter((value) => value.length > 0)
      .map(idOf),
    attachments: parsed.attachments.map((attachment, index) => ({
      fileName: attachment.filename ?? `attachment-${index + 1}`,
      bytes: attachment.content,
    })),
  };
};

/** The ids of ours among the messages it answers: `<id>@host`, as the mail transport names what it sends. */
export const answeredIds = (mail: Pick<InboundMail, 'answers'>): string[] =>
  mail.answers.map((id) => /^([0-9a-f-]{36})@/i.exec(id)?.[1]?.toLowerCase()).filter((id) => id !== undefined);

/** A case number in the subject (`Re: [CMP-2026-000123] …`), as people reply with it. */
export const caseNumberInSubject = (subject: string): string | undefined =>
  /\bCMP-\d{4}-\d{6,}\b/i.exec(subject)?.[0]?.toUpperCase();
