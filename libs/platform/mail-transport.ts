import nodemailer from 'nodemailer';
import type { MailTransport as TransportKind } from '../domain/index.js';

/** One message as it leaves: its id is the event's and the address's, so a repeat names the same message. */
export type OutgoingMail = Readonly<{
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  language: string;
}>;

/** Where messages go. `refused` tells a server's permanent refusal (no such mailbox) from a fault worth retrying. */
export type MailTransport = Readonly<{
  kind: TransportKind;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}>;

/** The server said no for good (SMTP 5xx to the envelope or the message): retrying cannot help. */
export class MailRefused extends Error {
  constructor(
    readonly code: string,
    readonly responseCode: number,
  ) {
    super(`The server refused the recipient (${code} SMTP ${responseCode})`);
    this.name = 'MailRefused';
  }
}

type SmtpError = Error & { responseCode?: number; code?: string };

/** A connection to the SMTP server at `url`, each step given up after so long. */
const transporterFor = (url: string, { connectMs, socketMs }: { connectMs: number; socketMs: number }) =>
  nodemailer.createTransport({
    url,
    connectionTimeout: connectMs,
    greetingTimeout: connectMs,
    socketTimeout: socketMs,
  } as Parameters<typeof nodemailer.createTransport>[0]);

/** Through an SMTP server (SMTP_URL), from SMTP_FROM. */
export const smtpTransport = (url: string, from: string): MailTransport => {
  // Well within the activity's own timeout, so an attempt that hangs ends before Temporal starts the next.
  const transporter = transporterFor(url, { connectMs: 15_000, socketMs: 30_000 });
  // The config checked it parses: the Message-ID's domain is the server's, as mail servers expect one.
  const host = new URL(url).hostname || 'qloop';
  return {
    kind: 'smtp',
    async send({ messageId, to, subject, text, html, language }) {
      try {
        await transporter.sendMail({
          from,
          to,
          subject,
          text,
          html,
          messageId: `<${messageId}@${host}>`,
          headers: { 'Content-Language': language, 'Auto-Submitted': 'auto-generated' },
          // Nothing remote and no tracking: the HTML part links to nothing but the case.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
      } catch (error) {
        const { responseCode, code } = error as SmtpError;
        // Only the recipient refused for good (no such mailbox) is final: a bad login, a relay denied or a
        // sender refused is the deployment's to mend, and is retried meanwhile.
        if (code === 'EENVELOPE' && responseCode !== undefined && responseCode >= 500)
          throw new MailRefused(code, responseCode);
        throw error;
      }
    },
    close: () => transporter.close(),
  };
};

/** Whether the SMTP server answers and takes the login: for the health report, never for sending. */
export const smtpAnswers = async (url: string): Promise<void> => {
  const transporter = transporterFor(url, { connectMs: 2000, socketMs: 2000 });
  try {
    await transporter.verify();
  } finally {
    transporter.close();
  }
};

/** No SMTP server (the embedded default): the mail log is the outbox, which administrators read. */
export const outboxTransport = (): MailTransport => ({
  kind: 'outbox',
  send: async () => undefined,
  close: () => undefined,
});
