import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { actionKinds } from '../../../../../libs/domain/complaint/vocabulary.js';
import { PersonPicker } from '../Pickers.js';
import { StepFormShell, useCodeOptions, type StepBody, type StepFormProps } from './StepFormShell.js';

type Body = StepBody<'resolve'>;
/** A due date is picked on a calendar, sent as YYYY-MM-DD. */
type Values = Omit<Body, 'actions'> & { actions: (Omit<Body['actions'][number], 'dueDate'> & { dueDate?: Dayjs })[] };

/** Resolve: what was done, and the actions with their owners and due dates. */
export const ResolveForm = (props: StepFormProps) => {
  const { t } = useTranslation();
  const options = useCodeOptions();
  const [form] = Form.useForm<Values>();
  const owner = props.complaint.owner ?? props.me;
  const firstAction = { kind: 'corrective' as const, owner };
  return (
    <StepFormShell
      {...props}
      step="resolve"
      form={form}
      // Sent back by a failed verification, the summary starts from the one that failed.
      initialValues={{ summary: props.complaint.resolution?.summary, actions: [firstAction] }}
      toBody={(values) => ({
        ...values,
        actions: values.actions.map((action) => ({ ...action, dueDate: action.dueDate?.format('YYYY-MM-DD') ?? '' })),
      })}
    >
      <Form.Item name="summary" label={t('step.summary')} rules={[{ required: true }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.List name="actions">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} align="baseline" wrap>
                <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]}>
                  <Select options={options(actionKinds, 'actionKind')} style={{ width: 150 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'description']} rules={[{ required: true }]}>
                  <Input placeholder={t('step.actionDescription')} style={{ width: 260 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'owner']} rules={[{ required: true }]} style={{ width: 140 }}>
                  <PersonPicker placeholder={t('step.actionOwner')} />
                </Form.Item>
                <Form.Item name={[field.name, 'dueDate']} rules={[{ required: true }]}>
                  <DatePicker placeholder={t('step.actionDue')} />
                </Form.Item>
                {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
              </Space>
            ))}
            <Button type="dashed" onClick={() => add({ kind: 'corrective' })} icon={<PlusOutlined />}>
              {t('step.addAction')}
            </Button>
          </>
        )}
      </Form.List>
    </StepFormShell>
  );
};
