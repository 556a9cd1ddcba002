import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MeasurementWindow } from '../../../../../libs/domain/supplier/scoring.js';
import type { TimelineEntry } from '../../api/types.js';
import { instant, percent } from './format.js';

type Breakdown = readonly { criterion: string; weight: number; value?: number; score: number }[];
/** Measured as a share of deliveries, units or corrective actions; the rest are scores or counts. */
const shares: readonly string[] = ['rejection-rate', 'on-time-delivery', 'corrective-action-responsiveness'];
const measured = ({ criterion, value }: Breakdown[number]) =>
  value === undefined ? '–' : shares.includes(criterion) ? percent(value, 1) : value;

/** Which records the last evaluation was measured on, as it recorded them; absent on evaluations that froze them at opening. */
const MeasuredOver = ({ window }: { window: MeasurementWindow }) => {
  const { t } = useTranslation();
  return (
    <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }} data-testid="measured-over">
      {t('supplier.measuredOver', {
        from: instant(window.from),
        to: instant(window.to),
        deliveries: window.deliveries,
        onTime: percent(window.onTimeDeliveries, window.deliveries),
        rejected: window.rejectedUnits,
        received: window.receivedUnits,
        complaints: window.complaints.length,
      })}
    </Typography.Paragraph>
  );
};

/** The weighted criteria of the last evaluation, as its event recorded them (the history carries it). */
export const LastEvaluationCard = ({ events }: { events: readonly TimelineEntry[] }) => {
  const { t } = useTranslation();
  const lastEvaluated = [...events].reverse().find((event) => event.type === 'SupplierEvaluated');
  const { breakdown = [], measuredOver } = (lastEvaluated?.data ?? {}) as {
    breakdown?: Breakdown;
    measuredOver?: MeasurementWindow;
  };
  const totalWeight = breakdown.reduce((sum, each) => sum + each.weight, 0);
  return (
    <Card title={t('supplier.lastEvaluation')} size="small">
      <Table
        rowKey="criterion"
        size="small"
        pagination={false}
        dataSource={[...breakdown]}
        columns={[
          {
            key: 'criterion',
            title: t('supplier.criterion'),
            render: (_, row) => t(`domain:criterion.${row.criterion}`),
          },
          // Weights are relative: each criterion's share of those that counted in this evaluation.
          { key: 'weight', title: t('supplier.weight'), render: (_, row) => percent(row.weight, totalWeight) },
          { key: 'value', title: t('supplier.value'), render: (_, row) => measured(row) },
          { key: 'score', title: t('supplier.points'), render: (_, row) => Math.round(row.score * 10) / 10 },
        ]}
      />
      {measuredOver && <MeasuredOver window={measuredOver} />}
    </Card>
  );
};
