import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { StepFormShell, type StepBody, type StepFormProps } from './StepFormShell.js';

type Values = StepBody<'archive'>;

/** Archive: the lessons learned, and where the customer's record is kept. */
export const ArchiveForm = (props: StepFormProps) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  return (
    <StepFormShell {...props} step="archive" form={form} initialValues={{}} toBody={(values) => values}>
      <Form.Item name="lessonsLearned" label={t('step.lessons')} rules={[{ required: true }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="customerRecordRef" label={t('step.customerRecord')}>
        <Input />
      </Form.Item>
    </StepFormShell>
  );
};
