import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Radio, Rate, Select, Space, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { actionKinds, causeCategories, channels, returnSteps } from '../../../../libs/domain/complaint/vocabulary.js';
import type { ComplaintView } from '../api/types.js';
import { useWrite } from '../lib/use-write.js';
import { SupplierPicker } from './Pickers.js';

type Props = Readonly<{
  complaint: ComplaintView;
  me: string;
  onDone: (next: ComplaintView) => void;
  onConflict: () => void;
}>;

/** The form written for the step the case waits on: what that step asks of the person doing it. */
export const StepForm = ({ complaint, me, onDone, onConflict }: Props) => {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const step = complaint.step!;
  const { send, busy } = useWrite<ComplaintView>(`/complaints/${complaint.id}/steps/${step}`, {
    revision: complaint.revision,
    form,
    onDone,
    onConflict,
  });
  const options = (codes: readonly string[], group: string) =>
    codes.map((code) => ({ value: code, label: t(`domain:${group}.${code}`) }));
  // The case's owner as it is now: a reassignment while the form is open is news the form takes, so completing
  // the step does not assign the case back.
  const owner = complaint.owner ?? me;
  useEffect(() => {
    if (step === 'identify') form.setFieldValue('owner', owner);
  }, [form, step, owner]);
  const effective = Form.useWatch('effective', form);
  const party = Form.useWatch(['responsibleParty', 'type'], form);

  const submit = (values: Record<string, unknown>) => {
    if (step === 'identify')
      return send({
        ...values,
        evidence: String(values.evidence ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
      });
    if (step === 'resolve') {
      const actions = (values.actions as { dueDate?: Dayjs }[] | undefined) ?? [];
      return send({
        ...values,
        actions: actions.map((action) => ({ ...action, dueDate: action.dueDate?.format('YYYY-MM-DD') })),
      });
    }
    if (step === 'verify') return send(values.effective ? { ...values, returnTo: undefined } : values);
    return send(values);
  };

  const initial: Record<string, unknown> = {
    identify: { owner, acknowledgement: '' },
    // Sent back to a step done before, its form starts from what was recorded there, to be corrected rather than retyped.
    analyse: complaint.analysis
      ? {
          rootCause: complaint.analysis.rootCause,
          causeCategory: complaint.analysis.causeCategory,
          responsibleParty: complaint.analysis.responsibleParty,
          containmentAction: complaint.analysis.containmentAction,
        }
      : {
          responsibleParty: { type: complaint.supplierId ? 'supplier' : 'internal', supplierId: complaint.supplierId },
        },
    resolve: complaint.resolution
      ? { summary: complaint.resolution.summary, actions: [{ kind: 'corrective', owner }] }
      : { actions: [{ kind: 'corrective', owner }] },
    verify: { effective: true, returnTo: 'resolve' },
    // No score is given until the customer gives one.
    feedback: { satisfied: true, contactChannel: complaint.channel },
    archive: {},
  }[step] as Record<string, unknown>;

  return (
    <Form
      form={form}
      name={`step-${step}`}
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      key={step}
      data-testid={`step-form-${step}`}
    >
      {step === 'identify' && (
        <>
          <Form.Item name="owner" label={t('step.owner')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="acknowledgement" label={t('step.acknowledgement')} rules={[{ required: true }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="evidence" label={t('step.evidence')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      )}
      {step === 'analyse' && (
        <>
          <Form.Item name="rootCause" label={t('step.rootCause')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="causeCategory" label={t('step.causeCategory')} rules={[{ required: true }]}>
            <Select options={options(causeCategories, 'cause')} data-testid="cause-category" />
          </Form.Item>
          <Form.Item name={['responsibleParty', 'type']} label={t('step.responsible')} rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'internal', label: t('step.internal') },
                { value: 'supplier', label: t('step.supplier') },
              ]}
            />
          </Form.Item>
          {party === 'supplier' ? (
            <Form.Item
              name={['responsibleParty', 'supplierId']}
              label={t('step.supplierId')}
              rules={[{ required: true }]}
            >
              <SupplierPicker />
            </Form.Item>
          ) : (
            <Form.Item
              name={['responsibleParty', 'department']}
              label={t('step.department')}
              rules={[{ required: true }]}
            >
              <Input />
            </Form.Item>
          )}
          <Form.Item name="containmentAction" label={t('step.containment')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      )}
      {step === 'resolve' && (
        <>
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
                    <Form.Item name={[field.name, 'owner']} rules={[{ required: true }]}>
                      <Input placeholder={t('step.actionOwner')} style={{ width: 120 }} />
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
        </>
      )}
      {step === 'verify' && (
        <>
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
        </>
      )}
      {step === 'feedback' && (
        <>
          <Form.Item name="satisfied" label={t('step.satisfied')} valuePropName="checked">
            <Switch
              checkedChildren={t('common.yes')}
              unCheckedChildren={t('common.no')}
              data-testid="feedback-satisfied"
            />
          </Form.Item>
          <Form.Item name="satisfactionScore" label={t('step.satisfaction')} rules={[{ required: true }]}>
            <Rate count={complaint.scales.satisfaction.max} />
          </Form.Item>
          <Form.Item name="customerResponse" label={t('step.customerResponse')} rules={[{ required: true }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="contactChannel" label={t('register.channel')} rules={[{ required: true }]}>
            <Select options={options(channels, 'channel')} />
          </Form.Item>
        </>
      )}
      {step === 'archive' && (
        <>
          <Form.Item name="lessonsLearned" label={t('step.lessons')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="customerRecordRef" label={t('step.customerRecord')}>
            <Input />
          </Form.Item>
        </>
      )}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="step-submit">
        {t('step.submit', { step: t(`domain:step.${step}`) })}
      </Button>
    </Form>
  );
};
