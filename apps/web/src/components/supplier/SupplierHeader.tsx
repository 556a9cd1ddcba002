import { Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SupplierView } from '../../api/types.js';
import { gradeColour } from '../../lib/grade-colour.js';
import { date } from './format.js';

/** Who the supplier is, and where it stands: grade, score, outcome, next evaluation. */
export const SupplierHeader = ({ supplier }: { supplier: SupplierView }) => {
  const { t } = useTranslation();
  return (
    <Card>
      <Row gutter={24} align="middle">
        <Col flex="auto">
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="supplier-name">
            {supplier.name}
          </Typography.Title>
          <Typography.Text type="secondary">
            {supplier.id} · {supplier.category} · {t(`domain:criticality.${supplier.criticality}`)} ·{' '}
            {supplier.supplies.join(', ')}
          </Typography.Text>
        </Col>
        <Col>
          <Space size="large">
            <Statistic
              title={t('supplier.grade')}
              valueRender={() =>
                supplier.status === 'disqualified' ? (
                  <Tag color="red">{t('supplier.disqualified')}</Tag>
                ) : (
                  <Tag
                    color={gradeColour(supplier.grade)}
                    style={{ fontSize: 20, padding: '4px 12px' }}
                    data-testid="supplier-grade"
                  >
                    {supplier.grade ?? '–'}
                  </Tag>
                )
              }
            />
            <Statistic title={t('supplier.score')} value={supplier.score ?? '–'} />
            <Statistic
              title={t('supplier.outcome')}
              value={supplier.outcome ? t(`domain:outcome.${supplier.outcome}`) : '–'}
            />
            <Statistic
              title={t('supplier.nextDue')}
              value={supplier.nextEvaluationDue ? date(supplier.nextEvaluationDue) : '–'}
            />
          </Space>
        </Col>
      </Row>
    </Card>
  );
};
