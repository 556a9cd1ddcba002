import { Form, Input, Rate, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { channels } from '../../../../../libs/domain/complaint/vocabulary.js';
import { StepFormShell, useCodeOptions, type StepBody, type StepFormProps } from './StepFormShell.js';

type Values = StepBody<'feedback'>;

/** Feed back: what the customer said, and the score they gave. */
export const FeedbackForm = (props: StepFormProps) => {
  const { t } = useTranslation();
  const options = useCodeOptions();
  const [form] = Form.useForm<Values>();
  return (
    <StepFormShell
      {...props}
      step="feedback"
      form={form}
      // No score is given until the customer gives one.
      initialValues={{ satisfied: true, contactChannel: props.complaint.channel }}
      toBody={(values) => values}
    >
      <Form.Item name="satisfied" label={t('step.satisfied')} valuePropName="checked">
        <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} data-testid="feedback-satisfied" />
      </Form.Item>
      <Form.Item name="satisfactionScore" label={t('step.satisfaction')} rules={[{ required: true }]}>
        <Rate count={props.complaint.scales.satisfaction.max} />
      </Form.Item>
      <Form.Item name="customerResponse" label={t('step.customerResponse')} rules={[{ required: true }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="contactChannel" label={t('register.channel')} rules={[{ required: true }]}>
        <Select options={options(channels, 'channel')} />
      </Form.Item>
    </StepFormShell>
  );
};
