import { Alert, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';
import { useInboundMail } from '../api/notifications.js';
import { instant } from './supplier/format.js';

const kilobytes = (bytes: number): string => `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * The mailbox complaints arrive in: whether one is read, how its last reading
 * went, and each message it could not take, kept in its Quarantine folder.
 */
export const InboundMail = () => {
  const { t } = useTranslation();
  const inbound = useInboundMail();
  if (inbound.error instanceof ApiError && inbound.error.status === 403) return null;
  if (inbound.isError)
    return <Alert type="error" showIcon title={t('admin.inbound.unavailable')} data-testid="inbound-mail-error" />;
  if (!inbound.data) return null;
  const { mailbox, quarantined } = inbound.data;
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }} data-testid="inbound-mail">
      {!mailbox.configured ? (
        <Alert type="info" showIcon title={t('admin.inbound.off')} />
      ) : mailbox.lastError ? (
        <Alert
          type="error"
          showIcon
          title={t('admin.inbound.failing')}
          description={<span style={{ overflowWrap: 'anywhere' }}>{mailbox.lastError}</span>}
          data-testid="inbound-mail-failing"
        />
      ) : (
        <Typography.Text type="secondary" data-testid="inbound-mail-status">
          {mailbox.lastPollAt
            ? t('admin.inbound.read', {
                at: instant(mailbox.lastPollAt),
                taken: mailbox.taken,
                quarantined: mailbox.quarantined,
              })
            : t('admin.inbound.notYet')}
        </Typography.Text>
      )}
      {quarantined.length > 0 && (
        <>
          <Typography.Text strong>{t('admin.inbound.quarantined', { count: quarantined.length })}</Typography.Text>
          <List
            size="small"
            dataSource={quarantined}
            renderItem={(item) => (
              <List.Item data-testid="quarantined-mail">
                <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                  <Space size={4} wrap>
                    <Tag color="warning">{t(`admin.inbound.reason.${item.reason}`)}</Tag>
                    {item.detail && <Typography.Text type="secondary">{item.detail}</Typography.Text>}
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
                    {[item.receivedAt && instant(item.receivedAt), kilobytes(item.size), item.messageId]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          <Typography.Text type="secondary">{t('admin.inbound.whereToRead')}</Typography.Text>
        </>
      )}
    </Space>
  );
};
