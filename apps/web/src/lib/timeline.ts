import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import type { TimelineEntry } from '../api/types.js';
import { pauseReasonWord, type PauseReasonWords } from './pause-reasons.js';

export type { TimelineEntry };

export const clockName = (t: TFunction, id: unknown): string => {
  const text = String(id ?? '');
  if (text.startsWith('step:')) return `${t('domain:clock.step')} · ${t(`domain:step.${text.slice(5)}`)}`;
  return t(`domain:clock.${text}`, { defaultValue: text });
};

/** The customer writing through a channel of theirs (`customer:email`): said as such, not by the product's name for it. */
const channelsOfActors: readonly string[] = ['email', 'web-form'];

/** Who did it, as a reader says it: a person by their id, the customer through a channel in words. */
export const actorName = (actor: string | null, t: TFunction): string => {
  if (actor === null) return t('domain:role.admin');
  const channel = actor.startsWith('customer:') ? actor.slice('customer:'.length) : undefined;
  return channel && channelsOfActors.includes(channel) ? t(`domain:channelActor.${channel}`) : actor;
};

/**
 * The values an event's sentence takes ({{by}}, {{owner}}…), in the reader's
 * language: codes in the data become their labels.
 */
export const sentenceValues = (entry: TimelineEntry, t: TFunction): Record<string, string | number> => {
  const d = (entry.data ?? {}) as Record<string, unknown>;
  const by = actorName(entry.actor, t);
  switch (entry.type) {
    case 'ComplaintIdentified':
      return { by, owner: String(d.owner ?? '') };
    case 'ComplaintAnalysed':
      return { by, cause: t(`domain:cause.${String(d.causeCategory)}`) };
    case 'ResolutionImplemented':
      return { by, count: Array.isArray(d.actions) ? d.actions.length : 0 };
    case 'ResolutionVerified':
      return { by, verdict: d.effective ? t('ui:step.effectiveYes') : t('ui:step.effectiveNo') };
    case 'ComplaintReopened':
      return { by, step: t(`domain:step.${String(d.returnTo ?? d.step ?? 'analyse')}`) };
    case 'CustomerFeedbackRecorded':
      return { by, score: Number(d.satisfactionScore ?? 0) };
    case 'SeverityChanged':
      return { by, from: t(`domain:severity.${String(d.from)}`), to: t(`domain:severity.${String(d.to)}`) };
    case 'ComplaintReassigned':
      return { by, to: String(d.to ?? '') };
    case 'SlaWarningIssued':
    case 'SlaBreached':
      return { by, clock: clockName(t, d.clock) };
    case 'ComplaintEscalated':
      return { by, level: Number(d.level ?? 0), role: String(d.role ?? d.to ?? '') };
    case 'ComplaintDeescalated':
      return { by, from: Number(d.from ?? 0), to: Number(d.to ?? 0) };
    case 'EvidenceAttached':
    case 'EvidenceRetracted':
      return { by, fileName: String(d.fileName ?? '') };
    case 'CustomerMessageReceived':
      return { by, from: String(d.from ?? '') };
    case 'NotificationSent':
    case 'NotificationFailed':
      return {
        by,
        to: d.recipient === 'customer' ? t('domain:mailRecipient.customer') : String(d.recipient ?? ''),
        template: t(`domain:mailTemplate.${String(d.template)}`),
      };
    default:
      return { by };
  }
};

/** The sentence for an event: the catalogue's, or its type when the catalogue has none (a newer event). */
export const sentenceFor = (entry: TimelineEntry, t: TFunction): string => {
  const trigger = (entry.data as { trigger?: unknown } | null)?.trigger;
  if (entry.type === 'ComplaintReopened' && (trigger === 'verification-failed' || trigger === 'customer-unsatisfied'))
    return t(`domain:loopBack.${trigger}`, sentenceValues(entry, t));
  // The customer's own answer, through their link: said as theirs, not as a person's record of it.
  if (entry.type === 'CustomerFeedbackRecorded' && (entry.data as { linkId?: unknown } | null)?.linkId)
    return t('ui:feedbackLink.answeredEvent', sentenceValues(entry, t));
  // Someone wrote from an address the case does not know: never said as the customer's own words.
  if (entry.type === 'CustomerMessageReceived' && (entry.data as { verified?: unknown } | null)?.verified !== true)
    return t('ui:case.unverifiedMessage', sentenceValues(entry, t));
  const key =
    entry.type in (t('domain:complaintEvent', { returnObjects: true }) as object)
      ? `domain:complaintEvent.${entry.type}`
      : `domain:supplierEvent.${entry.type}`;
  return t(key, { ...sentenceValues(entry, t), defaultValue: entry.type });
};

/**
 * What an event says of why, in the reader's language, if anything: a
 * withdrawal's reason code as words (and what someone wrote), an SLA
 * escalation's clock and due time (its recorded reason is the server's
 * English), else the reason as a person wrote it.
 */
export const reasonFor = (entry: TimelineEntry, t: TFunction, policy?: PauseReasonWords): string | undefined => {
  const d = (entry.data ?? {}) as Record<string, unknown>;
  if (entry.type === 'ContainmentRecorded' && typeof d.action === 'string') return d.action;
  if (typeof d.reason !== 'string' || entry.type === 'CommentAdded') return undefined;
  if (entry.type === 'ComplaintWithdrawn')
    return `${t(`domain:withdrawReason.${d.reason}`)}${typeof d.explanation === 'string' ? ` · ${d.explanation}` : ''}`;
  if (entry.type === 'CustomerWaitStarted' && typeof d.reasonCode === 'string')
    return `${pauseReasonWord(d.reasonCode, t, policy)} · ${d.reason}`;
  if (entry.type === 'ComplaintEscalated' && d.trigger === 'sla' && typeof d.dueAt === 'string')
    return t('ui:case.slaPassed', { clock: clockName(t, d.clock), dueAt: dayjs(d.dueAt).format('YYYY-MM-DD HH:mm') });
  return d.reason;
};
