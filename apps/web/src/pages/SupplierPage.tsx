import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { scoredCriteria } from '../../../../libs/domain/supplier/vocabulary.js';
import { api, query } from '../api/client.js';
import type { MeasurementWindow } from '../../../../libs/domain/supplier/scoring.js';
import type { CaseListItem, Listing, SupplierView } from '../api/types.js';
import { CaseStatusTag } from '../components/CaseStatusTag.js';
import { Timeline } from '../components/Timeline.js';
import { WriteButton } from '../components/WriteButton.js';
import { casePath } from '../lib/case-path.js';
import type { TimelineEntry } from '../lib/timeline.js';
import { gradeColour } from './Suppliers.js';

type Breakdown = readonly { criterion: string; weight: number; value?: number; score: number }[];
const percent = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 1000) / 10} %` : '–');
const day = (value: unknown) => (value ? (value as Dayjs).format('YYYY-MM-DD') : undefined);
const instant = (value: string) => dayjs(value).format('YYYY-MM-DD HH:mm');
/** Measured as a share of deliveries, units or corrective actions; the rest are scores or counts. */
const shares: readonly string[] = ['rejection-rate', 'on-time-delivery', 'corrective-action-responsiveness'];
const measured = ({ criterion, value }: Breakdown[number]) =>
  value === undefined ? '–' : shares.includes(criterion) ? percent(value, 1) : value;

/** The records since the last evaluation, as the API measures them: what scores submitted now are measured on. */
const PerformanceSince = ({ records }: { records: SupplierView['sinceLastEvaluation'] }) => {
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

/** The complaints whose registration or analysis names the supplier, open and closed, newest first, each a link. */
const AttributedComplaints = ({ supplierId }: { supplierId: string }) => {
  const { t } = useTranslation();
  const cases = useQuery({
    queryKey: ['complaints', 'supplier', supplierId],
    queryFn: () =>
      api.get<Listing<CaseListItem>>(`/complaints${query({ supplierId, sort: 'registeredAt', limit: 50 })}`),
  });
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

/** A supplier: its grade and how it was reached, its performance since, open corrective actions, and the forms of an engineer's work. */
export const SupplierPage = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const queries = useQueryClient();
  const supplier = useQuery({
    queryKey: ['supplier', id],
    queryFn: () => api.get<SupplierView>(`/suppliers/${id}`),
    refetchInterval: 5000,
  });
  const history = useQuery({
    queryKey: ['supplier', id, 'history'],
    queryFn: () => api.get<{ events: TimelineEntry[] }>(`/suppliers/${id}/history`),
    refetchInterval: 5000,
  });
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
  const view = supplier.data;
  const may = (action: SupplierView['allowedActions'][number]) => view.allowedActions.includes(action);
  const events = history.data?.events ?? [];
  const lastEvaluated = [...events].reverse().find((event) => event.type === 'SupplierEvaluated');
  const { breakdown = [], measuredOver } = (lastEvaluated?.data ?? {}) as {
    breakdown?: Breakdown;
    measuredOver?: MeasurementWindow;
  };
  const write = { revision: view.revision, onDone: updated, onConflict: reload };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Row gutter={24} align="middle">
          <Col flex="auto">
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="supplier-name">
              {view.name}
            </Typography.Title>
            <Typography.Text type="secondary">
              {view.id} · {view.category} · {t(`domain:criticality.${view.criticality}`)} · {view.supplies.join(', ')}
            </Typography.Text>
          </Col>
          <Col>
            <Space size="large">
              <Statistic
                title={t('supplier.grade')}
                valueRender={() =>
                  view.status === 'disqualified' ? (
                    <Tag color="red">{t('supplier.disqualified')}</Tag>
                  ) : (
                    <Tag
                      color={gradeColour(view.grade)}
                      style={{ fontSize: 20, padding: '4px 12px' }}
                      data-testid="supplier-grade"
                    >
                      {view.grade ?? '–'}
                    </Tag>
                  )
                }
              />
              <Statistic title={t('supplier.score')} value={view.score ?? '–'} />
              <Statistic
                title={t('supplier.outcome')}
                value={view.outcome ? t(`domain:outcome.${view.outcome}`) : '–'}
              />
              <Statistic
                title={t('supplier.nextDue')}
                value={view.nextEvaluationDue ? dayjs(view.nextEvaluationDue).format('YYYY-MM-DD') : '–'}
              />
            </Space>
          </Col>
        </Row>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {view.evaluation && (
              <Card
                title={t('supplier.openEvaluation', {
                  trigger: t(`domain:trigger.${view.evaluation.trigger}`),
                  due: dayjs(view.evaluation.dueBy).format('YYYY-MM-DD HH:mm'),
                })}
              >
                {may('submit-scores') && (
                  <WriteButton<SupplierView>
                    {...write}
                    path={`/suppliers/${id}/evaluations/current/scores`}
                    testId="scores"
                    label={t('supplier.scoreIt')}
                    toBody={({ notes, ...scores }) => ({ scores, notes })}
                    fields={
                      <>
                        {scoredCriteria.map((criterion) => (
                          <Form.Item
                            key={criterion}
                            name={criterion}
                            label={t(`domain:criterion.${criterion}`)}
                            rules={[{ required: true }]}
                          >
                            <InputNumber min={view.scales.score.min} max={view.scales.score.max} />
                          </Form.Item>
                        ))}
                        <Form.Item name="notes" label={t('supplier.notes')}>
                          <Input.TextArea rows={2} />
                        </Form.Item>
                      </>
                    }
                  />
                )}
              </Card>
            )}
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
                  {
                    key: 'weight',
                    title: t('supplier.weight'),
                    render: (_, row) =>
                      percent(
                        row.weight,
                        breakdown.reduce((sum, each) => sum + each.weight, 0),
                      ),
                  },
                  { key: 'value', title: t('supplier.value'), render: (_, row) => measured(row) },
                  { key: 'score', title: t('supplier.points'), render: (_, row) => Math.round(row.score * 10) / 10 },
                ]}
              />
              {measuredOver && <MeasuredOver window={measuredOver} />}
            </Card>
            <PerformanceSince records={view.sinceLastEvaluation} />
            <AttributedComplaints supplierId={id} />
            <Card title={t('supplier.scars')} size="small">
              <List
                dataSource={[...view.correctiveActions].reverse()}
                locale={{ emptyText: '–' }}
                renderItem={(action) => (
                  <List.Item
                    actions={
                      may('respond-corrective-action') && !action.respondedAt
                        ? [
                            <WriteButton<SupplierView>
                              key="answer"
                              {...write}
                              path={`/suppliers/${id}/corrective-actions/${action.id}/response`}
                              testId={`answer-${action.id}`}
                              label={t('supplier.answer')}
                              fields={
                                <Form.Item name="response" label={t('supplier.response')} rules={[{ required: true }]}>
                                  <Input.TextArea rows={3} />
                                </Form.Item>
                              }
                            />,
                          ]
                        : []
                    }
                  >
                    <List.Item.Meta
                      title={
                        <Space>
                          {action.id}
                          <Tag color={gradeColour(action.grade)}>{action.grade}</Tag>
                          {action.overdue && !action.respondedAt && <Tag color="red">{t('inbox.overdue')}</Tag>}
                        </Space>
                      }
                      description={
                        <>
                          {action.description}
                          <br />
                          {action.respondedAt
                            ? `${t('supplier.answered', { date: dayjs(action.respondedAt).format('YYYY-MM-DD') })}: ${action.response}`
                            : t('supplier.due', { date: dayjs(action.responseDue).format('YYYY-MM-DD') })}
                        </>
                      }
                    />
                  </List.Item>
                )}
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {view.allowedActions.length > 0 && (
              <Card size="small">
                <Space wrap>
                  {may('record-performance') && (
                    <WriteButton<SupplierView>
                      {...write}
                      path={`/suppliers/${id}/performance`}
                      testId="performance"
                      label={t('supplier.recordPerformance')}
                      toBody={(values) => ({
                        ...values,
                        periodStart: day(values.periodStart),
                        periodEnd: day(values.periodEnd),
                      })}
                      fields={
                        <>
                          {(['deliveries', 'onTimeDeliveries', 'receivedUnits', 'rejectedUnits'] as const).map(
                            (field, index) => (
                              <Form.Item
                                key={field}
                                name={field}
                                label={t(`supplier.${['deliveries', 'onTime', 'received', 'rejected'][index]}`)}
                                rules={[{ required: true }]}
                              >
                                <InputNumber min={0} />
                              </Form.Item>
                            ),
                          )}
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
                  {may('start-evaluation') && (
                    <WriteButton<SupplierView>
                      {...write}
                      path={`/suppliers/${id}/evaluations`}
                      testId="start-evaluation"
                      label={t('supplier.startEvaluation')}
                      fields={
                        <Form.Item name="reason" label={t('supplier.reason')}>
                          <Input.TextArea rows={2} />
                        </Form.Item>
                      }
                    />
                  )}
                  {may('requalify') && (
                    <WriteButton<SupplierView>
                      {...write}
                      path={`/suppliers/${id}/requalify`}
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
            )}
            <Card title={t('supplier.timeline')} size="small">
              <Timeline entries={events} />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
};
