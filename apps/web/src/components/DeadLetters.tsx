import { Alert, App, Button, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';
import { resendDeadLetter, useDeadLetters, type DeadLetter } from '../api/notifications.js';
import { instant } from './supplier/format.js';

/** What a parked message said, in the reader's language where it carries its sentences; else its event and subject. */
const aboutOf = (letter: DeadLetter, language: string): string => {
  const payload = letter.payload as {
    event?: string;
    complaintId?: string;
    supplierId?: string;
    text?: Record<string, string>;
  };
  return (
    payload.text?.[language] ?? [payload.event, payload.complaintId ?? payload.supplierId].filter(Boolean).join(' · ')
  );
};

/**
 * Webhook messages no retry delivered: what each was, what the receiver last
 * said, and a resend (signed again, under its own id) once the receiver is mended.
 */
export const DeadLetters = () => {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const letters = useDeadLetters();
  const [sending, setSending] = useState<string>();
  // Not an administrator: nothing to show. Any other failure is said.
  if (letters.error instanceof ApiError && letters.error.status === 403) return null;
  if (letters.isError)
    return <Alert type="error" showIcon title={t('admin.deadLetters.unavailable')} data-testid="dead-letters-error" />;
  const resend = async (messageId: string) => {
    setSending(messageId);
    try {
      await resendDeadLetter(messageId);
      void message.success(t('admin.deadLetters.resent'));
    } catch (error) {
      void message.error(error instanceof ApiError ? (error.detail ?? error.title) : String(error));
    } finally {
      setSending(undefined);
      void letters.refetch();
    }
  };
  return (
    <List
      data-testid="dead-letters"
      locale={{ emptyText: t('admin.deadLetters.none') }}
      dataSource={letters.data?.items ?? []}
      renderItem={(letter) => (
        <List.Item
          data-testid="dead-letter"
          actions={[
            <Button
              key="resend"
              size="small"
              loading={sending === letter.messageId}
              data-testid={`resend-${letter.messageId}`}
              onClick={() => void resend(letter.messageId)}
            >
              {t('admin.deadLetters.resend')}
            </Button>,
          ]}
        >
          <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
            <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
              {aboutOf(letter, i18n.language)}
            </Typography.Text>
            <Space size={4} wrap>
              <Tag color="red">
                {letter.status !== undefined
                  ? t('admin.deadLetters.answered', { status: letter.status })
                  : t('admin.deadLetters.unreachable')}
              </Tag>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('admin.deadLetters.attempts', { count: letter.attempts, at: instant(letter.at) })}
              </Typography.Text>
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
              {letter.url} · {letter.messageId}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
};
