import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Grid,
  Input,
  List,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  theme,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { CustomerView } from '../api/customers.js';
import {
  customerExport,
  customerFileCsv,
  customerWrite,
  useCustomer,
  useCustomerFile,
  useCustomerFiles,
  type FileRow,
} from '../api/customers.js';
import type { components } from '../api/schema.js';
import { WriteButton } from '../components/WriteButton.js';
import { ContactFields, withoutBlanks } from '../components/customer/ContactFields.js';
import { casePath } from '../lib/case-path.js';
import { downloadCsv, downloadJson } from '../lib/download.js';
import { formatDuration } from '../lib/duration.js';
import { isDark } from '../lib/theme.js';
import { instant } from '../components/supplier/format.js';

// echarts loads with the first page that draws.
const Chart = lazy(async () => ({ default: (await import('../components/Chart.js')).Chart }));

type Schemas = components['schemas'];

const time = (value: unknown) => (typeof value === 'string' ? instant(value) : '–');

/** Why: what a merge or an erasure records for the auditors. */
const ReasonField = () => {
  const { t } = useTranslation();
  return (
    <Form.Item name="reason" label={t('customer.reason')} rules={[{ required: true, max: 2000 }]}>
      <Input.TextArea rows={2} />
    </Form.Item>
  );
};

/** What erasing takes away, said before it is done: it cannot be undone. */
const EraseConsequences = ({ customer }: { customer: CustomerView }) => {
  const { t } = useTranslation();
  const losses = [
    ...(customer.kind === 'person' ? [t('customer.eraseLoses.name')] : []),
    ...(customer.contacts.length > 0 ? [t('customer.eraseLoses.contacts', { count: customer.contacts.length })] : []),
    t('customer.eraseLoses.complaintContacts'),
    ...(customer.absorbed.length > 0
      ? [t('customer.eraseLoses.duplicates', { ids: customer.absorbed.join(', ') })]
      : []),
  ];
  return (
    <Alert
      type="error"
      showIcon
      data-testid="erase-consequences"
      style={{ marginBottom: 16 }}
      title={t('customer.eraseWarning')}
      description={
        <>
          <ul style={{ paddingInlineStart: 20, margin: '4px 0' }}>
            {losses.map((loss) => (
              <li key={loss}>{loss}</li>
            ))}
          </ul>
          {t('customer.eraseKeeps')}
        </>
      }
    />
  );
};

/** A file offered for purging, as the form holds it. */
const fileKey = (complaintId: string, evidenceId: string) => `${complaintId} ${evidenceId}`;

/**
 * The files on the customer's cases, each to tick for purging with the
 * erasure: a scan or a letter holds the person's data where no key reaches.
 */
const PurgeFiles = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const files = useCustomerFiles(customerId);
  if (files.isPending) return <Spin size="small" />;
  const options = (files.data?.complaints ?? []).flatMap(({ complaintId, number, files: held }) =>
    held
      .filter((file) => !file.purged)
      .map((file) => ({
        value: fileKey(complaintId, file.id),
        label: (
          <span data-testid="purge-file" style={{ overflowWrap: 'anywhere' }}>
            {file.fileName} <Typography.Text type="secondary">· {number ?? complaintId}</Typography.Text>
          </span>
        ),
      })),
  );
  if (options.length === 0) return null;
  return (
    <Form.Item name="purge" label={t('customer.purgeFiles')} extra={t('customer.purgeFilesHint')}>
      <Checkbox.Group options={options} style={{ display: 'flex', flexDirection: 'column', gap: 4 }} />
    </Form.Item>
  );
};

type EraseForm = Omit<Schemas['EraseCustomerDto'], 'purgeEvidence'> & { purge?: string[] };

/** Who the customer is, how to reach them, and what may be done to the record. */
const CustomerHeader = ({ customer, onDone }: { customer: CustomerView; onDone: (next: CustomerView) => void }) => {
  const { t } = useTranslation();
  const may = (action: string) => (customer.allowedActions as readonly string[]).includes(action);
  const [exporting, setExporting] = useState(false);
  return (
    <Card
      title={
        <Space wrap>
          <Typography.Text strong data-testid="customer-title">
            {customer.name}
          </Typography.Text>
          <Typography.Text type="secondary">{customer.id}</Typography.Text>
          <Tag>{t(`customer.kinds.${customer.kind}`)}</Tag>
          {customer.status === 'merged' && (
            <Link to={`/customers/${encodeURIComponent(customer.mergedInto)}`}>
              <Tag color="warning">{t('customer.merged', { into: customer.mergedInto })}</Tag>
            </Link>
          )}
        </Space>
      }
      extra={
        <Space wrap>
          {may('change-contacts') && (
            <WriteButton<Schemas['ChangeContactsDto'], CustomerView>
              write={customerWrite('/api/v1/customers/{id}/contacts', customer.id)}
              revision={customer.revision}
              testId="change-contacts"
              label={t('customer.changeContacts')}
              initialValues={{ contacts: [...customer.contacts] }}
              toBody={(values) => ({ contacts: (values.contacts ?? []).map(withoutBlanks) })}
              onDone={onDone}
              fields={<ContactFields />}
            />
          )}
          {may('merge') && (
            <WriteButton<Schemas['MergeCustomerDto'], CustomerView>
              write={customerWrite('/api/v1/customers/{id}/merge', customer.id)}
              revision={customer.revision}
              testId="merge-customer"
              label={t('customer.merge')}
              danger
              onDone={onDone}
              fields={
                <>
                  <Form.Item name="into" label={t('customer.mergeInto')} rules={[{ required: true }]}>
                    <Input placeholder="CUST-0042" />
                  </Form.Item>
                  <ReasonField />
                </>
              }
            />
          )}
          {may('export') && (
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              data-testid="export-customer"
              onClick={async () => {
                setExporting(true);
                try {
                  downloadJson(await customerExport(customer.id), `customer-${customer.id}.json`);
                } finally {
                  setExporting(false);
                }
              }}
            >
              {t('customer.export')}
            </Button>
          )}
          {may('erase') && (
            <WriteButton<Schemas['EraseCustomerDto'], CustomerView, EraseForm>
              write={customerWrite('/api/v1/customers/{id}/erase', customer.id)}
              revision={customer.revision}
              testId="erase-customer"
              label={t('customer.erase')}
              danger
              onDone={onDone}
              toBody={({ purge, ...values }) => ({
                ...values,
                ...(purge?.length
                  ? {
                      purgeEvidence: purge.map((key) => {
                        const [complaintId = '', evidenceId = ''] = key.split(' ');
                        return { complaintId, evidenceId };
                      }),
                    }
                  : {}),
              })}
              fields={
                <>
                  <EraseConsequences customer={customer} />
                  <ReasonField />
                  <PurgeFiles customerId={customer.id} />
                </>
              }
            />
          )}
        </Space>
      }
    >
      {customer.erased && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="customer-erased"
          title={t('customer.erasedOn', {
            at: instant(customer.erased.at),
            by: customer.erased.by,
            reason: customer.erased.reason,
          })}
        />
      )}
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        {customer.externalRef && (
          <Descriptions.Item label={t('customer.externalRef')}>{customer.externalRef}</Descriptions.Item>
        )}
        {customer.absorbed.length > 0 && (
          <Descriptions.Item label={t('customer.merge')}>
            {t('customer.mergedFrom', { ids: customer.absorbed.join(', ') })}
          </Descriptions.Item>
        )}
      </Descriptions>
      <List
        size="small"
        header={<Typography.Text strong>{t('customer.contacts')}</Typography.Text>}
        dataSource={[...customer.contacts]}
        locale={{ emptyText: '–' }}
        renderItem={(contact) => (
          <List.Item data-testid="customer-contact">
            <Space wrap size={4}>
              <Typography.Text>{contact.name}</Typography.Text>
              {contact.email &&
                (customer.erased ? (
                  <Typography.Text type="secondary">{contact.email}</Typography.Text>
                ) : (
                  <a href={`mailto:${contact.email}`}>{contact.email}</a>
                ))}
              {contact.phone &&
                (customer.erased ? (
                  <Typography.Text type="secondary">{contact.phone}</Typography.Text>
                ) : (
                  <a href={`tel:${contact.phone}`}>{contact.phone}</a>
                ))}
              {contact.language && <Tag>{t(`customer.languages.${contact.language}`)}</Tag>}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
};

/** The customer file (客户档案): figures, trend, causes, every complaint, escalations, the suppliers' open actions. */
const CustomerFileCard = ({ id }: { id: string }) => {
  const { t, i18n } = useTranslation();
  const dark = isDark(theme.useToken().token.colorBgContainer);
  const phone = !Grid.useBreakpoint().md;
  const [asOf, setAsOf] = useState<Dayjs | null>(null);
  const instant = asOf?.endOf('day').toISOString();
  const file = useCustomerFile(id, instant);
  const sections = file.data?.sections ?? {};
  const [summary] = sections.summary ?? [];
  const slaMet = (value: unknown) =>
    value === true ? (
      <Tag color="success">{t('customer.slaMet.true')}</Tag>
    ) : value === false ? (
      <Tag color="error">{t('customer.slaMet.false')}</Tag>
    ) : (
      <Tag>{t('customer.slaMet.null')}</Tag>
    );
  const statusOf = (row: FileRow) =>
    row.status === 'open' ? t(`domain:step.${String(row.step)}`) : t(`domain:status.${String(row.status)}`);
  const trend = sections.satisfactionByPeriod ?? [];
  const causes = sections.causePareto ?? [];
  return (
    <Card
      title={t('customer.file')}
      extra={
        <Space wrap>
          <DatePicker
            value={asOf}
            onChange={setAsOf}
            placeholder={t('customer.asOf')}
            aria-label={t('customer.asOf')}
            disabledDate={(day) => day.isAfter(dayjs(), 'day')}
            data-testid="file-as-of"
          />
          <Button
            icon={<DownloadOutlined />}
            onClick={async () => downloadCsv(await customerFileCsv(id, instant), `customer-file-${id}.csv`)}
            data-testid="file-csv"
          >
            {t('customer.csv')}
          </Button>
        </Space>
      }
    >
      {file.isLoading || !summary ? (
        <Spin />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="customer-file">
          <Row gutter={[16, 16]}>
            {(
              [
                ['complaints', summary.complaints],
                ['open', summary.open],
                ['compliance', summary.compliance === null ? '–' : `${Math.round(Number(summary.compliance) * 100)} %`],
                [
                  'medianClose',
                  summary.medianMs === null ? '–' : formatDuration(Number(summary.medianMs), i18n.language),
                ],
                ['csi', summary.csi ?? '–'],
                ['escalated', summary.escalated],
              ] as const
            ).map(([key, value]) => (
              <Col xs={12} md={8} xl={4} key={key}>
                <Statistic title={t(`customer.summary.${key}`)} value={value as string | number} />
              </Col>
            ))}
          </Row>
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Typography.Text strong>{t('customer.trend')}</Typography.Text>
              {trend.length === 0 ? (
                <Typography.Paragraph type="secondary">{t('customer.noData')}</Typography.Paragraph>
              ) : (
                <Suspense fallback={<Spin />}>
                  <Chart
                    dark={dark}
                    height={220}
                    testId="customer-trend"
                    option={{
                      tooltip: { trigger: 'axis' },
                      xAxis: { type: 'category', data: trend.map((row) => String(row.period).slice(0, 7)) },
                      yAxis: { type: 'value', min: 0, max: 100 },
                      series: [{ type: 'line', name: t('customer.summary.csi'), data: trend.map((row) => row.csi) }],
                    }}
                  />
                </Suspense>
              )}
            </Col>
            <Col xs={24} lg={12}>
              <Typography.Text strong>{t('customer.causes')}</Typography.Text>
              {causes.length === 0 ? (
                <Typography.Paragraph type="secondary">{t('customer.noData')}</Typography.Paragraph>
              ) : (
                <Suspense fallback={<Spin />}>
                  <Chart
                    dark={dark}
                    height={220}
                    testId="customer-causes"
                    option={{
                      tooltip: { trigger: 'axis' },
                      xAxis: {
                        type: 'category',
                        data: causes.map((row) => t(`domain:cause.${String(row.causeCategory)}`)),
                      },
                      yAxis: { type: 'value', minInterval: 1 },
                      series: [{ type: 'bar', data: causes.map((row) => row.count) }],
                    }}
                  />
                </Suspense>
              )}
            </Col>
          </Row>
          {phone ? (
            <List<FileRow>
              dataSource={sections.complaints ?? []}
              data-testid="customer-complaints"
              pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
              renderItem={(row) => (
                <List.Item>
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <Space wrap size={4}>
                      <Link to={casePath({ id: String(row.complaintId), number: row.number as string | null })}>
                        {String(row.number ?? String(row.complaintId).slice(0, 8))}
                      </Link>
                      <Tag>{statusOf(row)}</Tag>
                      {slaMet(row.slaMet)}
                    </Space>
                    <Typography.Text>{String(row.title)}</Typography.Text>
                    <Typography.Text type="secondary">
                      {time(row.registeredAt)}
                      {row.closeMs === null ? '' : ` · ${formatDuration(Number(row.closeMs), i18n.language)}`}
                      {row.satisfactionScore === null ? '' : ` · ${String(row.satisfactionScore)}/5`}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          ) : (
            <Table<FileRow>
              rowKey={(row) => String(row.complaintId)}
              size="small"
              scroll={{ x: true }}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={sections.complaints ?? []}
              data-testid="customer-complaints"
              columns={[
                {
                  key: 'number',
                  title: file.data!.labels.columns.number,
                  render: (_, row) => (
                    <Link to={casePath({ id: String(row.complaintId), number: row.number as string | null })}>
                      {String(row.number ?? String(row.complaintId).slice(0, 8))}
                    </Link>
                  ),
                },
                { key: 'title', title: file.data!.labels.columns.title, render: (_, row) => String(row.title) },
                {
                  key: 'status',
                  title: file.data!.labels.columns.status,
                  render: (_, row) => statusOf(row),
                },
                {
                  key: 'registered',
                  title: file.data!.labels.columns.registeredAt,
                  render: (_, row) => time(row.registeredAt),
                },
                {
                  key: 'close',
                  title: file.data!.labels.columns.closeMs?.replace(/\s*\(.*\)|（.*）/, ''),
                  render: (_, row) => (row.closeMs === null ? '–' : formatDuration(Number(row.closeMs), i18n.language)),
                },
                { key: 'sla', title: file.data!.labels.columns.slaMet, render: (_, row) => slaMet(row.slaMet) },
                {
                  key: 'score',
                  title: file.data!.labels.columns.satisfactionScore,
                  render: (_, row) => row.satisfactionScore ?? '–',
                },
              ]}
            />
          )}
          {(sections.escalationsByCase ?? []).length > 0 && (
            <List
              size="small"
              header={<Typography.Text strong>{t('customer.escalations')}</Typography.Text>}
              dataSource={sections.escalationsByCase}
              renderItem={(row) => (
                <List.Item>
                  <Space wrap size={4}>
                    <Link to={casePath({ id: String(row.complaintId), number: String(row.number) })}>
                      {String(row.number)}
                    </Link>
                    <Tag color="orange">{t('inbox.rung', { level: row.level })}</Tag>
                    <Typography.Text type="secondary">
                      {t(`domain:role.${String(row.role)}`, { defaultValue: String(row.role) })} · {time(row.at)}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )}
          {(sections.openCorrectiveActions ?? []).length > 0 && (
            <List
              size="small"
              header={<Typography.Text strong>{t('customer.correctiveActions')}</Typography.Text>}
              dataSource={sections.openCorrectiveActions}
              renderItem={(row) => (
                <List.Item>
                  <Space wrap size={4}>
                    <Link to={`/suppliers/${encodeURIComponent(String(row.supplierId))}`}>
                      {String(row.supplierName)}
                    </Link>
                    <Typography.Text>
                      {String(row.actionId)}: {String(row.description)}
                    </Typography.Text>
                    <Tag color={row.overdue ? 'error' : undefined}>{time(row.responseDue)}</Tag>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Space>
      )}
    </Card>
  );
};

export const CustomerPage = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const queries = useQueryClient();
  const customer = useCustomer(id);
  if (customer.isLoading) return <Spin />;
  if (!customer.data) return <Alert type="error" title={customer.error?.message ?? t('common.error')} />;
  const updated = (next: CustomerView) => {
    queries.setQueryData(['customer', id], next);
    void queries.invalidateQueries({ queryKey: ['customers'] });
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <CustomerHeader customer={customer.data} onDone={updated} />
      <CustomerFileCard id={id} />
    </Space>
  );
};
