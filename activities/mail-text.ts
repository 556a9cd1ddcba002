import type { MailTemplate } from '../libs/domain/index.js';
import { catalogues, readerTimeZone, say, type Locale, type SentenceValues } from '../libs/i18n/index.js';

/** One message, in the words of its reader's language: a subject, plain text, and the same as simple HTML. */
export type MailText = Readonly<{ subject: string; text: string; html: string }>;

export type MailWriting = Readonly<{
  template: MailTemplate;
  language: Locale;
  values: SentenceValues;
  /** Whom it greets: absent, a greeting without a name. */
  name?: string;
  /**
   * Where staff open what it is about (PUBLIC_URL); customers get no link to
   * the staff's screens, only the page to answer on (a feedback link).
   */
  link?: string;
  /** The business calendar's zone: due times are said in it. */
  calendarZone?: string;
}>;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A message from its template: no images, no tracking pixels, no remote
 * content; the HTML part says exactly what the text part says. Values that
 * people wrote (a title, a reason) are escaped, never markup.
 */
export const mailText = ({ template, language, values, name, link, calendarZone }: MailWriting): MailText => {
  const catalogue = catalogues[language];
  const words = catalogue.mail;
  const timeZone = readerTimeZone(catalogue, calendarZone);
  const line = (sentence: string, more: SentenceValues = {}) =>
    say(catalogue, sentence, { ...values, ...more }, { words: true, timeZone });
  const paragraphs = [
    name ? line(words.greeting, { name }) : words.greetingNoName,
    line(words[`${template}Body`]),
    ...(typeof values.why === 'string' && values.why ? [values.why] : []),
    ...(typeof values.summary === 'string' && values.summary ? [line(words.summary)] : []),
    ...(template === 'acknowledgement' ? [line(words.quoteNumber)] : []),
    ...(link ? [line(template === 'feedback-link' ? words.answerHere : words.openCase, { link })] : []),
    ...(template === 'feedback-link' && values.dueAt ? [line(words.linkExpires)] : []),
    words.signoff,
    words.automatic,
  ];
  const html = paragraphs
    .map((paragraph) =>
      link && paragraph.includes(link)
        ? `<p>${escapeHtml(paragraph).replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`)}</p>`
        : `<p>${escapeHtml(paragraph)}</p>`,
    )
    .join('\n');
  return {
    subject: line(words[`${template}Subject`]).replace(/[\r\n]+/g, ' '),
    text: `${paragraphs.join('\n\n')}\n`,
    html: `<!doctype html>\n<html lang="${language}"><head><meta charset="utf-8"></head><body>\n${html}\n</body></html>\n`,
  };
};
