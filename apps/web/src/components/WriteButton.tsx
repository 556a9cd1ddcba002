import { Button, Form, Modal } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useWrite } from '../lib/use-write.js';

type Props<T> = Readonly<{
  /** The API path the form posts to, under /api/v1. */
  path: string;
  revision?: number;
  label: string;
  fields: ReactNode;
  initialValues?: object;
  danger?: boolean;
  testId: string;
  /** Form values as the request body, where they differ (dates, lists). */
  toBody?: (values: Record<string, unknown>) => unknown;
  onDone: (result: T) => void;
  onConflict?: () => void;
}>;

/** A button that opens a small form and sends it as every write is sent (If-Match, Idempotency-Key, field errors on fields). */
export const WriteButton = <T,>({
  path,
  revision,
  label,
  fields,
  initialValues,
  danger,
  testId,
  toBody = (values) => values,
  onDone,
  onConflict,
}: Props<T>) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const { send, busy } = useWrite<T>(path, {
    revision,
    form,
    onDone: (result) => {
      setOpen(false);
      form.resetFields();
      onDone(result);
    },
    // The form stays open with what was typed: the person sees the news, and sends again on the fresh revision.
    onConflict,
  });
  return (
    <>
      <Button danger={danger} onClick={() => setOpen(true)} data-testid={`action-${testId}`}>
        {label}
      </Button>
      <Modal
        open={open}
        title={label}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('action.send')}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form
          form={form}
          // Field ids are prefixed with the form's name: two forms on one page never share an id (a label finds its own field).
          name={`action-${testId}`}
          layout="vertical"
          onFinish={(values: Record<string, unknown>) => send(toBody(values))}
          initialValues={initialValues}
          data-testid={`action-form-${testId}`}
        >
          {fields}
        </Form>
      </Modal>
    </>
  );
};
