import { Form, Input } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { PersonPicker } from '../Pickers.js';
import { StepFormShell, type StepBody, type StepFormProps } from './StepFormShell.js';

/** The evidence is typed one item a line. */
type Values = Omit<StepBody<'identify'>, 'evidence'> & { evidence?: string };

/** Identify: who owns the case, and what the customer was told. */
export const IdentifyForm = (props: StepFormProps) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  // The case's owner as it is now: a reassignment while the form is open is news the form takes, so completing
  // the step does not assign the case back.
  const owner = props.complaint.owner ?? props.me;
  useEffect(() => form.setFieldValue('owner', owner), [form, owner]);
  return (
    <StepFormShell
      {...props}
      step="identify"
      form={form}
      initialValues={{ owner, acknowledgement: '' }}
      toBody={({ evidence, ...values }) => ({
        ...values,
        evidence: (evidence ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
      })}
    >
      <Form.Item name="owner" label={t('step.owner')} rules={[{ required: true }]}>
        <PersonPicker />
      </Form.Item>
      <Form.Item name="acknowledgement" label={t('step.acknowledgement')} rules={[{ required: true }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="evidence" label={t('step.evidence')}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </StepFormShell>
  );
};
