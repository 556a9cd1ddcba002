import 'altcha';
import type {} from 'altcha/types/react';
import 'altcha/i18n/zh-cn';
import 'altcha/i18n/en';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Result, Select, Space, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { complaintCategories } from '../../../../libs/domain/complaint/vocabulary.js';
import { PublicPage } from '../components/PublicPage.js';
import { ApiError, bodyOf, client } from '../api/client.js';
import type { components } from '../api/schema.js';
import { formFieldErrors } from '../lib/problems.js';

type Complaint = components['schemas']['PublicComplaintDto'];
type Fields = Omit<Complaint, 'altcha' | 'language'>;

/** Fields left empty are not sent: an empty e-mail is no e-mail. */
const withoutBlanks = (fields: Fields): Fields =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== '')) as Fields;

/** The widget's element: it solves the challenge and answers the payload the API checks. */
type AltchaElement = HTMLElement & {
  verify: () => Promise<{ payload: string } | null>;
  reset: () => void;
  getState: () => string;
};
type AltchaState = CustomEvent<{ state: string; payload?: string }>;

/**
 * The widget's solution: the one it holds, else the next it finds. It starts
 * solving when the page opens; a try that ends without one (a page left in
 * the background, a solve cut short) is tried again, once.
 */
const solutionOf = (widget: AltchaElement | null, tries = 2): Promise<string | undefined> => {
  if (!widget) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onState = (event: Event) => {
      const { state, payload } = (event as AltchaState).detail;
      if (state === 'verified' && payload) finish(payload);
      else if (state === 'error' || state === 'expired') finish(undefined);
    };
    const finish = (payload: string | undefined) => {
      widget.removeEventListener('statechange', onState);
      if (payload || tries <= 1) resolve(payload);
      else {
        widget.reset();
        void solutionOf(widget, tries - 1).then(resolve);
      }
    };
    widget.addEventListener('statechange', onState);
    const held = widget.getState();
    // Solved already: its payload is in the widget's own field (the form's hidden input, named `altcha`).
    const kept =
      held === 'verified' ? widget.querySelector<HTMLInputElement>('input[name="altcha"]')?.value : undefined;
    if (kept) finish(kept);
    else if (held === 'verified') void widget.verify().then((result) => finish(result?.payload));
    else if (held !== 'verifying') void widget.verify();
  });
};

/**
 * Where anyone complains without an account, in their language, on a phone
 * first: who they are and how to reach them, the product and its lot, what
 * happened. A proof of work (ALTCHA, solved by the browser, served by this
 * product) stands in for a captcha. The answer is the number to quote; the
 * acknowledgement goes to their e-mail.
 */
export const PublicReport = () => {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Fields>();
  const widget = useRef<AltchaElement>(null);
  /** The solution sent last: a try that may have landed (no answer, a write held) is sent again with it, so it files once. */
  const sent = useRef<string>(undefined);
  const send = useMutation({
    mutationFn: async (fields: Fields) => {
      const payload = sent.current ?? (await solutionOf(widget.current));
      if (!payload) throw new Error(t('report.unsolved'));
      sent.current = payload;
      return bodyOf(
        client.POST('/api/v1/public/complaints', {
          body: { ...withoutBlanks(fields), language: i18n.language === 'en' ? 'en' : 'zh-CN', altcha: payload },
        }),
      );
    },
    onError: (error) => {
      if (error instanceof ApiError && error.errors.length > 0)
        form.setFields(formFieldErrors(error.errors) as Parameters<typeof form.setFields>[0]);
      // Refused (the check, or the solution already used for another complaint): the next try solves afresh.
      const mayHaveLanded = !(error instanceof ApiError) || error.pending || error.status === 400;
      if (!mayHaveLanded) {
        sent.current = undefined;
        widget.current?.reset();
      }
    },
  });
  const shell = (content: React.ReactNode) => (
    <PublicPage title={t('report.title')} width={640}>
      {content}
    </PublicPage>
  );

  if (send.data)
    return shell(
      <Result
        status="success"
        title={t('report.thanks')}
        subTitle={
          <Space orientation="vertical" size={4}>
            <Typography.Text>{t('report.number')}</Typography.Text>
            <Typography.Text strong copyable style={{ fontSize: 20 }} data-testid="report-number">
              {send.data.number}
            </Typography.Text>
            <Typography.Text type="secondary">{t('report.acknowledged')}</Typography.Text>
          </Space>
        }
        data-testid="report-thanks"
      />,
    );

  const problem = send.error;
  const said =
    problem instanceof ApiError
      ? problem.status === 429
        ? t('report.busy')
        : problem.errors.length > 0
          ? undefined
          : (problem.detail ?? problem.title)
      : problem
        ? problem.message
        : undefined;
  const required = [{ required: true, whitespace: true, message: t('report.required') }];
  return shell(
    <Card title={t('report.title')} data-testid="public-report">
      <Typography.Paragraph type="secondary">{t('report.intro')}</Typography.Paragraph>
      <Form<Fields>
        form={form}
        layout="vertical"
        onFinish={(fields) => send.mutate(fields)}
        disabled={send.isPending}
        initialValues={{ category: 'product-quality' }}
        // The form's own rules speak, in the reader's language; the check is awaited on sending, not by the browser.
        noValidate
      >
        <Form.Item name="name" label={t('report.name')} rules={required}>
          <Input maxLength={200} autoComplete="name" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('report.email')}
          extra={t('report.emailWhy')}
          rules={[
            { type: 'email', message: t('report.emailInvalid') },
            ({ getFieldValue }) => ({
              validator: async (_, value?: string) => {
                if (!value && !getFieldValue('phone')) throw new Error(t('report.reachable'));
              },
            }),
          ]}
        >
          <Input maxLength={200} type="email" autoComplete="email" inputMode="email" />
        </Form.Item>
        <Form.Item name="phone" label={t('report.phone')}>
          <Input maxLength={40} type="tel" autoComplete="tel" inputMode="tel" />
        </Form.Item>
        <Form.Item name="company" label={t('report.company')}>
          <Input maxLength={200} autoComplete="organization" />
        </Form.Item>
        <Form.Item name="category" label={t('report.category')} rules={required}>
          <Select
            options={complaintCategories.map((category) => ({
              value: category,
              label: t(`domain:category.${category}`),
            }))}
          />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="productRef" label={t('report.product')} style={{ flex: 1 }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="lot" label={t('report.lot')} style={{ flex: 1 }}>
            <Input maxLength={100} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="title" label={t('report.subject')} rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('report.description')} rules={required}>
          <Input.TextArea rows={5} maxLength={5000} showCount />
        </Form.Item>
        <Form.Item>
          <altcha-widget
            ref={widget}
            challenge="/api/v1/public/challenge"
            language={i18n.language === 'en' ? 'en' : 'zh-cn'}
            auto="onload"
            data-testid="report-check"
          />
        </Form.Item>
        {said && <Alert type="error" showIcon title={said} style={{ marginBottom: 16 }} data-testid="report-error" />}
        <Button type="primary" htmlType="submit" block loading={send.isPending} data-testid="report-submit">
          {t('report.send')}
        </Button>
      </Form>
    </Card>,
  );
};
