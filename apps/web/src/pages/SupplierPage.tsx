import { useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Space, Spin } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useSupplier, useSupplierHistory } from '../api/suppliers.js';
import type { SupplierView } from '../api/types.js';
import { AttributedComplaintsCard } from '../components/supplier/AttributedComplaintsCard.js';
import { CorrectiveActionsCard } from '../components/supplier/CorrectiveActionsCard.js';
import { LastEvaluationCard } from '../components/supplier/LastEvaluationCard.js';
import { OpenEvaluationCard } from '../components/supplier/OpenEvaluationCard.js';
import { PerformanceSinceCard } from '../components/supplier/PerformanceSinceCard.js';
import { SupplierActionsCard } from '../components/supplier/SupplierActionsCard.js';
import { SupplierHeader } from '../components/supplier/SupplierHeader.js';
import { Timeline } from '../components/Timeline.js';
import { EvidenceCard } from '../components/evidence/EvidenceCard.js';

/** A supplier: its grade and how it was reached, its performance since, open corrective actions, and the forms of an engineer's work. */
export const SupplierPage = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const queries = useQueryClient();
  const supplier = useSupplier(id);
  const history = useSupplierHistory(id);
  const updated = useCallback(
    (next: SupplierView) => {
      queries.setQueryData(['supplier', id], next);
      void queries.invalidateQueries({ queryKey: ['supplier', id, 'history'] });
      void queries.invalidateQueries({ queryKey: ['suppliers'] });
    },
    [queries, id],
  );
  const reload = useCallback(() => void queries.invalidateQueries({ queryKey: ['supplier', id] }), [queries, id]);
  if (supplier.isLoading) return <Spin />;
  if (!supplier.data) return <Alert type="error" title={supplier.error?.message ?? t('common.error')} />;
  const write = { supplier: supplier.data, onDone: updated, onConflict: reload };
  const events = history.data?.events ?? [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <SupplierHeader supplier={supplier.data} />
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <OpenEvaluationCard {...write} />
            <LastEvaluationCard events={events} />
            <PerformanceSinceCard records={supplier.data.sinceLastEvaluation} />
            <AttributedComplaintsCard supplierId={id} />
            <CorrectiveActionsCard {...write} />
            <EvidenceCard
              kind="suppliers"
              id={id}
              revision={supplier.data.revision}
              allowedActions={supplier.data.allowedActions}
              correctiveActions={supplier.data.correctiveActions.map((action) => action.id)}
            />
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <SupplierActionsCard {...write} />
            <Card title={t('supplier.timeline')} size="small">
              <Timeline entries={events} />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
};
