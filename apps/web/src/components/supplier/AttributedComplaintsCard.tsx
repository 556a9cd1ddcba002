import { Card, List } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useComplaints } from '../../api/complaints.js';
import { casePath } from '../../lib/case-path.js';
import { CaseStatusTag } from '../CaseStatusTag.js';

/** The complaints whose registration or analysis names the supplier, open and closed, newest first, each a link. */
export const AttributedComplaintsCard = ({ supplierId }: { supplierId: string }) => {
  const { t } = useTranslation();
  const cases = useComplaints({ supplierId, sort: 'registeredAt', limit: 50, count: 'bounded' });
  return (
    <Card title={t('supplier.complaints')} size="small" data-testid="supplier-complaints">
      <List
        dataSource={cases.data?.items ?? []}
        loading={cases.isLoading}
        locale={{ emptyText: '–' }}
        renderItem={(item) => (
          <List.Item>
            <Link to={casePath(item)}>
              {item.number ?? item.id.slice(0, 8)} · {item.title}
            </Link>
            <CaseStatusTag item={item} />
          </List.Item>
        )}
      />
    </Card>
  );
};
