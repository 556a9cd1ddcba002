import { Alert, Collapse, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';
import { useMailLog, type MailMessage } from '../api/notifications.js';
import { instant } from './supplier/format.js';

const whom = (message: MailMessage, t: (key: string) => string): string =>
  message.recipient === 'customer' ? t('domain:mailRecipient.customer') : message.recipient;

/**
 * The e-mail the product wrote, newest first: to whom, which message, and
 * what it said. With no SMTP server this is the outbox, and says so.
 */
export const MailLog = () => {
  const { t } = useTranslation();
  const log = useMailLog();
  if (log.error instanceof ApiError && log.error.status === 403) return null;
  if (log.isError)
    return <Alert type="error" showIcon title={t('admin.mail.unavailable')} data-testid="mail-log-error" />;
  const items = log.data?.items ?? [];
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }} data-testid="mail-log">
      {log.data && !log.data.smtp && <Alert type="info" showIcon title={t('admin.mail.outbox')} />}
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('admin.mail.none')}</Typography.Text>
      ) : (
        <Collapse
          size="small"
          items={items.map((message) => ({
            key: message.messageId,
            label: (
              <Space orientation="vertical" size={0} style={{ minWidth: 0 }} data-testid="mail-message">
                <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                  {message.subject}
                </Typography.Text>
                <Space size={4} wrap>
                  <Tag>{t(`domain:mailTemplate.${message.template}`)}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
                    {t('admin.mail.to', { to: whom(message, t), address: message.address, at: instant(message.at) })}
                  </Typography.Text>
                </Space>
              </Space>
            ),
            children: (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', marginBottom: 0 }}>
                {message.text}
              </Typography.Paragraph>
            ),
          }))}
        />
      )}
    </Space>
  );
};
