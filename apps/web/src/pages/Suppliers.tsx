import { useQueryClient } from '@tanstack/react-query';
import { Card, Form, Grid, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { criticalities } from '../../../../libs/domain/supplier/vocabulary.js';
import { registerSupplier, useSuppliers } from '../api/suppliers.js';
import type { RegisterSupplierBody, ScorecardRow, SupplierView } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { WriteButton } from '../components/WriteButton.js';
import { gradeColour } from '../lib/grade-colour.js';

/** What it supplies is typed one item a line. */
type RegisterSupplierValues = Omit<RegisterSupplierBody, 'supplies'> & { supplies?: string };

/** The scorecards: grade, score, next evaluation, open and late corrective actions. */
export const Suppliers = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { may } = useSession();
  const phone = !Grid.useBreakpoint().md;
  const list = useSuppliers({ limit: 200 }, { refetchInterval: 5000 });
  return (
    <Card
      title={t('supplier.title')}
      extra={
        may('register-supplier') && (
          <WriteButton<RegisterSupplierBody, SupplierView, RegisterSupplierValues>
            write={registerSupplier}
            testId="register-supplier"
            label={t('supplier.register')}
            initialValues={{ criticality: 'medium' }}
            toBody={(values) => ({
              ...values,
              supplies: (values.supplies ?? '')
                .split('\n')
                .map((line) => line.trim())
                .filter(Boolean),
            })}
            onDone={(created) => {
              void queries.invalidateQueries({ queryKey: ['suppliers'] });
              void navigate(`/suppliers/${created.id}`);
            }}
            fields={
              <>
                <Form.Item name="id" label={t('supplier.id')}>
                  <Input placeholder="sup-casting-01" />
                </Form.Item>
                <Form.Item name="name" label={t('supplier.name')} rules={[{ required: true }]}>
                  <Input />
                </Form.Item>
                <Form.Item name="category" label={t('supplier.category')} rules={[{ required: true }]}>
                  <Input />
                </Form.Item>
                <Form.Item name="criticality" label={t('supplier.criticality')} rules={[{ required: true }]}>
                  <Select
                    options={criticalities.map((code) => ({ value: code, label: t(`domain:criticality.${code}`) }))}
                  />
                </Form.Item>
                <Form.Item name="supplies" label={t('supplier.supplies')} rules={[{ required: true }]}>
                  <Input.TextArea rows={3} />
                </Form.Item>
              </>
            }
          />
        )
      }
    >
      {phone ? (
        <List<ScorecardRow>
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('supplier.none') }}
          renderItem={(row) => (
            <List.Item data-testid="supplier-card">
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Link to={`/suppliers/${encodeURIComponent(row.id)}`}>
                  <Typography.Text strong>{row.name}</Typography.Text>
                </Link>
                <Typography.Text type="secondary">
                  {row.id} · {row.category} · {t(`domain:criticality.${row.criticality}`)}
                </Typography.Text>
                <Space wrap size={4}>
                  {row.status === 'disqualified' ? (
                    <Tag color="red">{t('supplier.disqualified')}</Tag>
                  ) : (
                    row.grade && <Tag color={gradeColour(row.grade)}>{row.grade}</Tag>
                  )}
                  {row.score !== null && <Typography.Text>{row.score}</Typography.Text>}
                  {row.outcome && <Typography.Text>{t(`domain:outcome.${row.outcome}`)}</Typography.Text>}
                  {row.evaluationOpen && <Tag color="processing">{t('supplier.evaluating')}</Tag>}
                  {row.overdueCorrectiveActions > 0 && (
                    <Tag color="red">{t('supplier.lateScars', { count: row.overdueCorrectiveActions })}</Tag>
                  )}
                </Space>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Table<ScorecardRow>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('supplier.none') }}
          onRow={(row) => ({ onClick: () => void navigate(`/suppliers/${row.id}`), style: { cursor: 'pointer' } })}
          pagination={false}
          columns={[
            {
              key: 'name',
              title: t('supplier.name'),
              render: (_, row) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{row.name}</Typography.Text>
                  <Typography.Text type="secondary">{row.id}</Typography.Text>
                </Space>
              ),
            },
            { key: 'category', title: t('supplier.category'), dataIndex: 'category' },
            {
              key: 'criticality',
              title: t('supplier.criticality'),
              render: (_, row) => t(`domain:criticality.${row.criticality}`),
            },
            {
              key: 'grade',
              title: t('supplier.grade'),
              render: (_, row) =>
                row.status === 'disqualified' ? (
                  <Tag color="red">{t('supplier.disqualified')}</Tag>
                ) : (
                  row.grade && <Tag color={gradeColour(row.grade)}>{row.grade}</Tag>
                ),
            },
            { key: 'score', title: t('supplier.score'), render: (_, row) => row.score ?? '–' },
            {
              key: 'outcome',
              title: t('supplier.outcome'),
              render: (_, row) => (row.outcome ? t(`domain:outcome.${row.outcome}`) : '–'),
            },
            {
              key: 'due',
              title: t('supplier.nextDue'),
              render: (_, row) =>
                row.evaluationOpen ? (
                  <Tag color="processing">{t('supplier.evaluating')}</Tag>
                ) : row.nextEvaluationDue ? (
                  dayjs(row.nextEvaluationDue).format('YYYY-MM-DD')
                ) : (
                  '–'
                ),
            },
            {
              key: 'scars',
              title: t('supplier.scars'),
              render: (_, row) => (
                <Space size={4}>
                  {row.openCorrectiveActions > 0 && (
                    <Tag>{t('supplier.openScars', { count: row.openCorrectiveActions })}</Tag>
                  )}
                  {row.overdueCorrectiveActions > 0 && (
                    <Tag color="red">{t('supplier.lateScars', { count: row.overdueCorrectiveActions })}</Tag>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
};
