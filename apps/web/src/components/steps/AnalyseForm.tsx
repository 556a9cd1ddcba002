import { Form, Input, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { causeCategories } from '../../../../../libs/domain/complaint/vocabulary.js';
import { SupplierPicker } from '../Pickers.js';
import { StepFormShell, useCodeOptions, type StepBody, type StepFormProps } from './StepFormShell.js';

type Values = StepBody<'analyse'>;

/** Analyse: the root cause, its category, and who is responsible, a department or a supplier. */
export const AnalyseForm = (props: StepFormProps) => {
  const { t } = useTranslation();
  const options = useCodeOptions();
  const [form] = Form.useForm<Values>();
  const party = Form.useWatch(['responsibleParty', 'type'], form);
  const { analysis, supplierId } = props.complaint;
  return (
    <StepFormShell
      {...props}
      step="analyse"
      form={form}
      // Sent back to analyse, the form starts from what was recorded there, to be corrected rather than retyped.
      initialValues={
        analysis
          ? {
              rootCause: analysis.rootCause,
              causeCategory: analysis.causeCategory,
              responsibleParty: analysis.responsibleParty,
              containmentAction: analysis.containmentAction,
            }
          : { responsibleParty: { type: supplierId ? 'supplier' : 'internal', supplierId } }
      }
      toBody={(values) => values}
    >
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
        <Form.Item name={['responsibleParty', 'supplierId']} label={t('step.supplierId')} rules={[{ required: true }]}>
          <SupplierPicker />
        </Form.Item>
      ) : (
        <Form.Item name={['responsibleParty', 'department']} label={t('step.department')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
      )}
      <Form.Item name="containmentAction" label={t('step.containment')}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </StepFormShell>
  );
};
