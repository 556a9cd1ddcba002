import 'altcha';
import type {} from 'altcha/types/react';
import 'altcha/i18n/zh-cn';
import 'altcha/i18n/en';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Result, Select, Space, Typography, Upload, type UploadFile } from 'antd';
import { useRef, useState } from 'react';
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
/** The solution the widget holds, in its own field (the form's hidden input, named `altcha`). */
const heldBy = (widget: AltchaElement): string | undefined =>
  (widget.getState() === 'verified' && widget.querySelector<HTMLInputElement>('input[name="altcha"]')?.value) ||
  undefined;

/**
 * The widget's solution: the one it holds, else one it finds now (it starts
 * solving when the page opens). A solve that ends without one, or takes over
 * half a minute, is tried again, once.
 */
const solutionOf = async (widget: AltchaElement | null, tries = 2): Promise<string | undefined> => {
  if (!widget) return undefined;
  const held = heldBy(widget);
  if (held) return held;
  for (let attempt = 0; attempt < tries; attempt++) {
    const tooLong = new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000));
    const result = await Promise.race([widget.verify(), tooLong]).catch(() => null);
    const payload = result?.payload || heldBy(widget);
    if (payload) return payload;
    widget.reset();
  }
  return undefined;
};

/** The most files the form sends with a complaint. */
const maxFiles = 10;

/** Sends the complaint's files with its upload right; answers what was kept, or why nothing was. */
const sendFiles = async (
  token: string,
  files: readonly UploadFile[],
  language: string,
): Promise<{ kept: number } | { refused: string }> => {
  const form = new FormData();
  for (const file of files) if (file.originFileObj) form.append('file', file.originFileObj, file.name);
  try {
    const response = await fetch(`/api/v1/public/uploads/${encodeURIComponent(token)}`, {
      method: 'POST',
      body: form,
      headers: { 'accept-language': language },
    });
    const body = (await response.json().catch(() => ({}))) as { files?: unknown[]; detail?: string; title?: string };
    return response.ok
      ? { kept: body.files?.length ?? 0 }
      : { refused: body.detail ?? body.title ?? String(response.status) };
  } catch (error) {
    return { refused: error instanceof Error ? error.message : String(error) };
  }
};

export const PublicReport = () => {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Fields>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const widget = useRef<AltchaElement>(null);
  /** The solution sent last: a try that may have landed (no answer, a write held) is sent again with it, so it files once. */
  const sent = useRef<string>(undefined);
  const send = useMutation({
    mutationFn: async (fields: Fields) => {
      const payload = sent.current ?? (await solutionOf(widget.current));
      if (!payload) throw new Error(t('report.unsolved'));
      sent.current = payload;
      const receipt = await bodyOf(
        client.POST('/api/v1/public/complaints', {
          body: { ...withoutBlanks(fields), language: i18n.language === 'en' ? 'en' : 'zh-CN', altcha: payload },
        }),
      );
      // The complaint is filed whatever becomes of its files: they are said apart.
      const attached = files.length > 0 ? await sendFiles(receipt.upload.token, files, i18n.language) : undefined;
      return { ...receipt, attached };
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
            {send.data.attached && 'kept' in send.data.attached && (
              <Typography.Text type="secondary" data-testid="report-files-kept">
                {t('report.filesKept', { count: send.data.attached.kept })}
              </Typography.Text>
            )}
            {send.data.attached && 'refused' in send.data.attached && (
              <Alert
                type="warning"
                showIcon
                title={t('report.filesRefused')}
                description={send.data.attached.refused}
                data-testid="report-files-refused"
              />
            )}
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
        <Form.Item label={t('report.files')} extra={t('report.filesHelp', { count: maxFiles })}>
          <Upload
            multiple
            fileList={files}
            accept="image/*,application/pdf,video/mp4,.doc,.docx,.xls,.xlsx,.txt,.zip"
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList.slice(0, maxFiles))}
            data-testid="report-files"
          >
            <Button>{t('report.addFiles')}</Button>
          </Upload>
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
