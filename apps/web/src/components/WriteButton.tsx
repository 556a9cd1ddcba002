import { Button, Form, Modal } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Write } from '../api/writes.js';
import { useWrite } from '../lib/use-write.js';

type Props<Body, T, Values> = Readonly<{
  /** The request the form sends, typed by the body the API's document states. */
  write: Write<Body, T>;
  revision?: number;
  label: string;
  fields: ReactNode;
  initialValues?: Partial<Values>;
  danger?: boolean;
  testId: string;
  /** Form values as the request body, where they differ (dates, lists). */
  toBody?: (values: Values) => Body;
  onDone: (result: T) => void;
  onConflict?: () => void;
}>;

/** A button that opens a small form and sends it as every write is sent (If-Match, Idempotency-Key, field errors on fields). */
export const WriteButton = <Body, T, Values = Body>({
  write,
  revision,
  label,
  fields,
  initialValues,
  danger,
  testId,
  toBody = (values) => values as unknown as Body,
  onDone,
  onConflict,
}: Props<Body, T, Values>) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const { send, busy } = useWrite(write, {
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
        <Form<Values>
          form={form}
          // Field ids are prefixed with the form's name: two forms on one page never share an id (a label finds its own field).
          name={`action-${testId}`}
          layout="vertical"
          onFinish={(values) => send(toBody(values))}
          initialValues={initialValues}
          data-testid={`action-form-${testId}`}
        >
          {fields}
        </Form>
      </Modal>
    </>
  );
};
