import { Form, Input, Radio, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { returnSteps } from '../../../../../libs/domain/complaint/vocabulary.js';
import { StepFormShell, useCodeOptions, type StepBody, type StepFormProps } from './StepFormShell.js';

type Values = StepBody<'verify'>;

/** Verify: effective or not, and, if not, the step the case goes back to. */
export const VerifyForm = (props: StepFormProps) => {
  const { t } = useTranslation();
  const options = useCodeOptions();
  const [form] = Form.useForm<Values>();
  const effective = Form.useWatch('effective', form);
  return (
    <StepFormShell
      {...props}
      step="verify"
      form={form}
      initialValues={{ effective: true, returnTo: 'resolve' }}
      // Effective, the case goes on: a step to return to would contradict it.
      toBody={(values) => (values.effective ? { ...values, returnTo: undefined } : values)}
    >
      <Form.Item name="effective" label={t('step.effective')} valuePropName="checked">
        <Switch
          checkedChildren={t('step.effectiveYes')}
          unCheckedChildren={t('step.effectiveNo')}
          data-testid="verify-effective"
        />
      </Form.Item>
      {effective === false && (
        <Form.Item name="returnTo" label={t('step.returnTo')} rules={[{ required: true }]}>
          <Radio.Group options={options(returnSteps, 'step')} />
        </Form.Item>
      )}
      <Form.Item name="notes" label={t('step.notes')} rules={[{ required: true }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </StepFormShell>
  );
};
