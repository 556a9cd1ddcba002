import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Input, Radio, Rate, Result, Space, Spin, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { PublicPage } from '../components/PublicPage.js';
import { ApiError, bodyOf, client } from '../api/client.js';
import type { components } from '../api/schema.js';

type Answer = components['schemas']['PublicFeedbackAnswerDto'];

/**
 * The page a customer opens from their feedback link: no account, their
 * language, a phone first. It shows the case's number and title and what
 * was done in the owner's words for them, and asks: resolved or not, a
 * score, a comment.
 */
export const PublicFeedback = () => {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Answer>();
  const page = useQuery({
    queryKey: ['public-feedback', token],
    queryFn: () => bodyOf(client.GET('/api/v1/public/feedback/{token}', { params: { path: { token } } })),
    retry: false,
    refetchOnWindowFocus: false,
  });
  const send = useMutation({
    mutationFn: (answer: Answer) =>
      bodyOf(client.POST('/api/v1/public/feedback/{token}', { params: { path: { token } }, body: answer })),
  });
  // The customer's own language, once, where it is known; they may switch.
  const languageSet = useRef(false);
  useEffect(() => {
    const language = page.data?.language;
    if (!languageSet.current && (language === 'zh-CN' || language === 'en')) {
      languageSet.current = true;
      void i18n.changeLanguage(language);
    }
  }, [page.data?.language, i18n]);
  const shell = (content: React.ReactNode) => (
    <PublicPage title={t('publicFeedback.title')} width={560}>
      {content}
    </PublicPage>
  );

  if (page.isLoading) return shell(<Spin />);
  const busy = [page.error, send.error].some((error) => error instanceof ApiError && error.status === 429);
  if (busy) return shell(<Result status="warning" title={t('publicFeedback.busy')} data-testid="feedback-busy" />);
  if (!page.data || (send.error instanceof ApiError && send.error.status === 404))
    return shell(
      <Result
        status="404"
        title={t('publicFeedback.gone')}
        subTitle={t('publicFeedback.goneDetail')}
        data-testid="feedback-gone"
      />,
    );
  if (send.data)
    return shell(
      <Result
        status="success"
        title={t('publicFeedback.thanks')}
        subTitle={send.data.resolved ? t('publicFeedback.thanksResolved') : t('publicFeedback.thanksNotResolved')}
        data-testid="feedback-thanks"
      />,
    );
  const { number, title, summary, customer, scale } = page.data;
  return shell(
    <Card title={t('publicFeedback.title')} data-testid="public-feedback">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('publicFeedback.greeting', { customer })}</Typography.Text>
        <div>
          <Typography.Text type="secondary">{number}</Typography.Text>
          <Typography.Title level={4} style={{ marginTop: 4 }}>
            {title}
          </Typography.Title>
        </div>
        <div>
          <Typography.Text strong>{t('publicFeedback.whatWeDid')}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="feedback-summary">
            {summary}
          </Typography.Paragraph>
        </div>
        <Form<Answer>
          form={form}
          layout="vertical"
          onFinish={(values) => send.mutate({ ...values, comment: values.comment ?? '' })}
          disabled={send.isPending}
        >
          <Form.Item
            name="resolved"
            label={t('publicFeedback.resolved')}
            rules={[{ required: true, message: t('publicFeedback.pick') }]}
          >
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: true, label: t('publicFeedback.yes') },
                { value: false, label: t('publicFeedback.no') },
              ]}
              data-testid="feedback-resolved"
            />
          </Form.Item>
          <Form.Item
            name="score"
            label={t('publicFeedback.score')}
            rules={[{ required: true, message: t('publicFeedback.pick') }]}
          >
            <Rate count={scale.max} style={{ fontSize: 32 }} data-testid="feedback-score" />
          </Form.Item>
          <Form.Item name="comment" label={t('publicFeedback.comment')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={4} data-testid="feedback-comment" />
          </Form.Item>
          {send.error && (
            <Typography.Paragraph type="danger">
              {send.error instanceof Error ? send.error.message : String(send.error)}
            </Typography.Paragraph>
          )}
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={send.isPending}
            data-testid="feedback-submit"
          >
            {t('publicFeedback.send')}
          </Button>
        </Form>
      </Space>
    </Card>,
  );
};
