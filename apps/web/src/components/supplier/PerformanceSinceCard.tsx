import { Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SupplierView } from '../../api/types.js';
import { instant, percent } from './format.js';

/** The records since the last evaluation, as the API measures them: what scores submitted now are measured on. */
export const PerformanceSinceCard = ({ records }: { records: SupplierView['sinceLastEvaluation'] }) => {
  const { t } = useTranslation();
  return (
    <Card
      title={t('supplier.performance')}
      extra={t('supplier.since', { date: instant(records.from) })}
      size="small"
      data-testid="performance-since"
    >
      <Descriptions
        size="small"
        column={3}
        items={[
          { key: 'deliveries', label: t('supplier.deliveries'), children: records.deliveries },
          {
            key: 'onTime',
            label: t('supplier.onTime'),
            children: percent(records.onTimeDeliveries, records.deliveries),
          },
          {
            key: 'rejected',
            label: t('supplier.rejected'),
            children: `${records.rejectedUnits} / ${records.receivedUnits} (${percent(records.rejectedUnits, records.receivedUnits)})`,
          },
          { key: 'attributed', label: t('supplier.attributed'), children: records.complaints.length },
        ]}
      />
    </Card>
  );
};
