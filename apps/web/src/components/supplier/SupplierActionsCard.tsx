import { Card, DatePicker, Form, Input, InputNumber, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { supplierWrite } from '../../api/suppliers.js';
import type { PostBody } from '../../api/writes.js';
import { WriteButton } from '../WriteButton.js';
import { day } from './format.js';
import { may, type SupplierWriteProps } from './write-props.js';

type PerformanceBody = PostBody<'/api/v1/suppliers/{id}/performance'>;
/** The period is picked on a calendar, sent as YYYY-MM-DD. */
type PerformanceValues = Omit<PerformanceBody, 'periodStart' | 'periodEnd'> & {
  periodStart?: Dayjs;
  periodEnd?: Dayjs;
};

const counts = [
  ['deliveries', 'deliveries'],
  ['onTimeDeliveries', 'onTime'],
  ['receivedUnits', 'received'],
  ['rejectedUnits', 'rejected'],
] as const;

/** An engineer's work on the supplier beside its evaluation: performance records, a re-evaluation, requalification. */
export const SupplierActionsCard = ({ supplier, onDone, onConflict }: SupplierWriteProps) => {
  const { t } = useTranslation();
  if (supplier.allowedActions.length === 0) return null;
  const id = supplier.id;
  const write = { revision: supplier.revision, onDone, onConflict };
  return (
    <Card size="small">
      <Space wrap>
        {may(supplier, 'record-performance') && (
          <WriteButton<PerformanceBody, typeof supplier, PerformanceValues>
            {...write}
            write={supplierWrite('/api/v1/suppliers/{id}/performance', { id })}
            testId="performance"
            label={t('supplier.recordPerformance')}
            toBody={(values) => ({ ...values, periodStart: day(values.periodStart), periodEnd: day(values.periodEnd) })}
            fields={
              <>
                {counts.map(([field, label]) => (
                  <Form.Item key={field} name={field} label={t(`supplier.${label}`)} rules={[{ required: true }]}>
                    <InputNumber min={0} />
                  </Form.Item>
                ))}
                <Space>
                  <Form.Item name="periodStart" label={t('supplier.periodStart')}>
                    <DatePicker />
                  </Form.Item>
                  <Form.Item name="periodEnd" label={t('supplier.periodEnd')}>
                    <DatePicker />
                  </Form.Item>
                </Space>
                <Form.Item name="note" label={t('supplier.notes')}>
                  <Input />
                </Form.Item>
              </>
            }
          />
        )}
        {may(supplier, 'start-evaluation') && (
          <WriteButton
            {...write}
            write={supplierWrite('/api/v1/suppliers/{id}/evaluations', { id })}
            testId="start-evaluation"
            label={t('supplier.startEvaluation')}
            fields={
              <Form.Item name="reason" label={t('supplier.reason')}>
                <Input.TextArea rows={2} />
              </Form.Item>
            }
          />
        )}
        {may(supplier, 'requalify') && (
          <WriteButton
            {...write}
            write={supplierWrite('/api/v1/suppliers/{id}/requalify', { id })}
            testId="requalify"
            label={t('supplier.requalify')}
            fields={
              <Form.Item name="reason" label={t('supplier.reason')} rules={[{ required: true }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            }
          />
        )}
      </Space>
    </Card>
  );
};
