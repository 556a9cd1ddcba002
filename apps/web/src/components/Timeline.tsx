import { Tag, Timeline as AntTimeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { PauseReason } from '../lib/pause-reasons.js';
import { reasonFor, sentenceFor, type TimelineEntry } from '../lib/timeline.js';

const colourOf = (type: string): string =>
  type === 'SlaBreached' || type === 'ComplaintEscalated'
    ? 'red'
    : type === 'SlaWarningIssued'
      ? 'orange'
      : type === 'ComplaintReopened' || type === 'ComplaintWithdrawn'
        ? 'gray'
        : type === 'CommentAdded' || type === 'CustomerMessageReceived'
          ? 'blue'
          : 'green';

/** A history as sentences, oldest first, comments in full; `upTo` greys what came after a revision, `bad` marks the first altered event. */
export const Timeline = ({
  entries,
  upTo,
  bad,
  pauseReasons,
}: {
  entries: readonly TimelineEntry[];
  upTo?: number;
  bad?: number;
  /** The case's policy's pause reasons, so a reason of its own reads in its words. */
  pauseReasons?: readonly PauseReason[];
}) => {
  const { t, i18n } = useTranslation();
  const policy = pauseReasons && { reasons: pauseReasons, language: i18n.language };
  return (
    <AntTimeline
      items={entries.map((entry) => {
        const data = (entry.data ?? {}) as Record<string, unknown>;
        return {
          color: entry.seq === bad ? 'red' : upTo !== undefined && entry.seq > upTo ? 'gray' : colourOf(entry.type),
          content: (
            <div
              className={
                upTo !== undefined && entry.seq > upTo
                  ? 'timeline-later'
                  : entry.seq === bad
                    ? 'timeline-bad'
                    : undefined
              }
              data-testid={`event-${entry.seq}`}
            >
              <Typography.Text>{sentenceFor(entry, t)}</Typography.Text>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                #{entry.seq} · {dayjs(entry.time).format('YYYY-MM-DD HH:mm:ss')}
              </Typography.Text>
              {entry.type === 'CommentAdded' && (
                <Typography.Paragraph className="timeline-comment">{String(data.text ?? '')}</Typography.Paragraph>
              )}
              {entry.type === 'CustomerMessageReceived' && (
                <Typography.Paragraph className="timeline-comment" data-testid="customer-message">
                  {data.verified !== true && (
                    <Tag color="warning" data-testid="unverified-sender">
                      {t('case.unverifiedTag')}
                    </Tag>
                  )}
                  <Typography.Text strong>{String(data.subject ?? '')}</Typography.Text>
                  <br />
                  {String(data.text ?? '')}
                </Typography.Paragraph>
              )}
              {reasonFor(entry, t, policy) !== undefined && (
                <Typography.Paragraph type="secondary">{reasonFor(entry, t, policy)}</Typography.Paragraph>
              )}
            </div>
          ),
        };
      })}
    />
  );
};
