import { useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Checkbox, Form, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintView } from '../api/types.js';
import type { components } from '../api/schema.js';
import { post } from '../api/writes.js';
import { WriteButton } from './WriteButton.js';
import { instant as time } from './supplier/format.js';

type FeedbackLinkBody = components['schemas']['FeedbackLinkDto'];
type FeedbackLinkAnswer = components['schemas']['FeedbackLinkAnswerDto'];

/**
 * The customer's own answer at feedback: make a link for them (the URL is
 * shown once, to copy, and e-mailed to the customer unless the owner says
 * not), see what became of it, make a new one (the old one dies).
 */
export const FeedbackLinkCard = ({ complaint }: { complaint: ComplaintView }) => {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [made, setMade] = useState<FeedbackLinkAnswer>();
  const link = complaint.feedbackLink;
  const mayMake = complaint.allowedActions.includes('feedback-link');
  if (!link && !mayMake) return null;
  const url = made && made.linkId === link?.linkId ? made.url : undefined;
  return (
    <Card
      title={t('feedbackLink.title')}
      size="small"
      data-testid="feedback-link-card"
      extra={
        mayMake && (
          <WriteButton<FeedbackLinkBody, FeedbackLinkAnswer>
            write={post<'/api/v1/complaints/{id}/feedback-link', FeedbackLinkAnswer>(
              '/api/v1/complaints/{id}/feedback-link',
              { id: complaint.id },
            )}
            revision={complaint.revision}
            testId="feedback-link"
            label={link ? t('feedbackLink.makeNew') : t('feedbackLink.make')}
            initialValues={{ summary: link?.summary ?? complaint.resolution?.summary ?? '', mail: true }}
            onDone={(answer) => {
              setMade(answer);
              void queries.invalidateQueries({ queryKey: ['complaint', complaint.id] });
            }}
            fields={
              <>
                <Form.Item
                  name="summary"
                  label={t('feedbackLink.summary')}
                  extra={t('feedbackLink.summaryHelp')}
                  rules={[{ required: true, max: 2000 }]}
                >
                  <Input.TextArea rows={4} />
                </Form.Item>
                <Form.Item name="mail" valuePropName="checked" extra={t('feedbackLink.mailHelp')}>
                  <Checkbox data-testid="feedback-link-mail">{t('feedbackLink.mail')}</Checkbox>
                </Form.Item>
              </>
            }
          />
        )
      }
    >
      {!link ? (
        <Typography.Text type="secondary">{t('feedbackLink.none')}</Typography.Text>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Tag data-testid="feedback-link-state">{t(`feedbackLink.state.${link.state}`)}</Tag>
            <Typography.Text type="secondary">
              {t('feedbackLink.madeBy', { by: link.issuedBy, at: time(link.issuedAt) })}
              {link.openedAt ? ` · ${t('feedbackLink.openedAt', { at: time(link.openedAt) })}` : ''}
              {link.state !== 'answered' && link.state !== 'void'
                ? ` · ${t('feedbackLink.expiresAt', { at: time(link.expiresAt) })}`
                : ''}
            </Typography.Text>
          </Space>
          {url && (
            <Alert
              type="success"
              showIcon
              title={t('feedbackLink.giveIt')}
              description={
                <Typography.Paragraph copyable={{ text: url }} style={{ margin: 0 }} data-testid="feedback-link-url">
                  <Typography.Text code style={{ wordBreak: 'break-all' }}>
                    {url}
                  </Typography.Text>
                </Typography.Paragraph>
              }
            />
          )}
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {link.summary}
          </Typography.Paragraph>
        </Space>
      )}
    </Card>
  );
};
