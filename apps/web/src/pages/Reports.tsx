import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Empty, Row, Segmented, Select, Space, Spin, Table, theme } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { unspecified } from '../../../../libs/domain/sla/pause-reasons.js';
import { toCsv } from '../../../../libs/support/csv.js';
import { usePauseReasons } from '../api/policies.js';
import { pauseReasonWord } from '../lib/pause-reasons.js';
import { reportCsv, useReport, type ReportKind, type ReportRow } from '../api/reports.js';
import { Chart } from '../components/Chart.js';
import { drillDown } from '../lib/report-drill.js';
import { isDark } from '../lib/theme.js';
import { downloadCsv } from '../lib/download.js';
import { CustomerPicker } from '../components/Pickers.js';

/** The sections whose bars open the cases behind them. */
const drillable = new Set(['causePareto', 'slaCompliance']);

const periods = ['day', 'week', 'month', 'quarter', 'year'] as const;

const unique = (rows: readonly ReportRow[], key: string) => [...new Set(rows.map((row) => String(row[key])))];

/** A section as a chart: bars by the first key, one series per `series` value, or a Pareto with its cumulative line. */
const sectionChart = (
  name: string,
  rows: readonly ReportRow[],
  label: (code: string) => string,
  t: (key: string, options?: { defaultValue: string }) => string,
  reasonWord: (code: string) => string,
) => {
  const tooltip = { trigger: 'axis' };
  switch (name) {
    case 'slaCompliance':
    case 'escalations': {
      const seriesKey = name === 'slaCompliance' ? 'severity' : 'level';
      const value = name === 'slaCompliance' ? 'compliance' : 'count';
      const x = unique(rows, 'period');
      return {
        tooltip,
        legend: {},
        xAxis: { type: 'category', data: x },
        yAxis: {
          type: 'value',
          ...(name === 'slaCompliance'
            ? { max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } }
            : {}),
        },
        series: unique(rows, seriesKey).map((key) => ({
          type: 'bar',
          id: key,
          stack: name === 'escalations' ? 'all' : undefined,
          name: name === 'slaCompliance' ? t(`domain:severity.${key}`) : `${label('level')} ${key}`,
          data: x.map((period) =>
            rows
              .filter((row) => row.period === period && String(row[seriesKey]) === key)
              .reduce((sum, row) => sum + Number(row[value] ?? 0), 0),
          ),
        })),
      };
    }
    case 'timeInStep': {
      // In the unit the times are in: hours for real cases, seconds for a policy in seconds.
      const longest = Math.max(...rows.map((row) => Number(row.p90Ms ?? 0)));
      const [unitMs, unit] =
        longest >= 3_600_000 ? [3_600_000, 'h'] : longest >= 60_000 ? [60_000, 'min'] : [1000, 's'];
      return {
        tooltip,
        legend: {},
        xAxis: { type: 'category', data: rows.map((row) => t(`domain:step.${row.step}`)) },
        yAxis: { type: 'value', name: unit },
        series: ['medianMs', 'p90Ms'].map((key) => ({
          type: 'bar',
          name: label(key).replace(/[（(].*[)）]/, ''),
          data: rows.map((row) => Math.round((Number(row[key]) / unitMs) * 10) / 10),
        })),
      };
    }
    case 'pausedByReason':
      return {
        tooltip,
        xAxis: {
          type: 'category',
          data: rows.map((row) =>
            row.reason === unspecified ? t('reports.unspecifiedReason') : reasonWord(String(row.reason)),
          ),
        },
        yAxis: { type: 'value', name: 'h' },
        series: [
          {
            type: 'bar',
            name: label('totalMs').replace(/[（(].*[)）]/, ''),
            data: rows.map((row) => Math.round((Number(row.totalMs) / 3_600_000) * 100) / 100),
          },
        ],
      };
    case 'causePareto':
      return {
        tooltip,
        legend: {},
        xAxis: { type: 'category', data: rows.map((row) => t(`domain:cause.${row.causeCategory}`)) },
        yAxis: [
          { type: 'value' },
          { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
        ],
        series: [
          { type: 'bar', name: label('count'), data: rows.map((row) => row.count) },
          {
            type: 'line',
            name: label('cumulativeShare'),
            yAxisIndex: 1,
            symbol: 'circle',
            symbolSize: 8,
            data: rows.map((row) => row.cumulativeShare),
          },
        ],
      };
    case 'firstPassYield':
    case 'satisfactionByPeriod':
    case 'gradeTrend': {
      const value = name === 'firstPassYield' ? 'yield' : name === 'gradeTrend' ? 'meanScore' : 'csi';
      return {
        tooltip,
        xAxis: { type: 'category', data: unique(rows, 'period') },
        yAxis: { type: 'value' },
        series: [{ type: 'line', name: label(value), data: rows.map((row) => row[value]) }],
      };
    }
    case 'gradeDistribution':
      return {
        tooltip: { trigger: 'item' },
        legend: {},
        series: [
          {
            type: 'pie',
            radius: ['40%', '70%'],
            data: rows.map((row) => ({ name: `${row.grade ?? '–'} (${row.status})`, value: row.count })),
          },
        ],
      };
    default:
      return undefined;
  }
};

/** The dashboards, charted; each section also as a table, and the whole report as CSV in the reader's language. */
export const Reports = () => {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<ReportKind>('complaints');
  const [period, setPeriod] = useState<(typeof periods)[number]>('month');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [customerId, setCustomerId] = useState<string>();
  const params = {
    period,
    from: range?.[0]?.startOf('day').toISOString(),
    to: range?.[1]?.endOf('day').toISOString(),
    // One customer's figures (IATF 16949 9.1.2.1): the complaints report only.
    ...(kind === 'complaints' && customerId ? { customerId } : {}),
  };
  const report = useReport(kind, params, i18n.language);
  // From the theme in force, so the charts redraw when the person switches it (the page itself does not reload).
  const dark = isDark(theme.useToken().token.colorBgContainer);
  const navigate = useNavigate();
  const sections = useMemo(() => Object.entries(report.data?.sections ?? {}), [report.data]);
  const label = (code: string) => report.data?.labels.columns[code] ?? code;
  const reasons = usePauseReasons();
  const reasonWord = (code: string) => pauseReasonWord(code, t, { reasons, language: i18n.language });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('reports.title')}
        extra={
          <Button
            icon={<DownloadOutlined />}
            onClick={async () => downloadCsv(await reportCsv(kind, params), `${kind}-report.csv`)}
            data-testid="report-csv"
          >
            {t('reports.csv')}
          </Button>
        }
      >
        <Space wrap>
          <Segmented
            value={kind}
            onChange={(value) => setKind(value as typeof kind)}
            options={[
              { value: 'complaints', label: t('reports.complaints') },
              { value: 'suppliers', label: t('reports.suppliers') },
            ]}
          />
          <span>{t('reports.period')}</span>
          <Select
            value={period}
            onChange={setPeriod}
            options={periods.map((value) => ({ value, label: t(`reports.periods.${value}`) }))}
            style={{ width: 110 }}
          />
          <span>{t('reports.range')}</span>
          <DatePicker.RangePicker value={range} onChange={(value) => setRange(value)} />
          {kind === 'complaints' && (
            <div style={{ minWidth: 220 }}>
              <CustomerPicker value={customerId} onChange={setCustomerId} placeholder={t('reports.allCustomers')} />
            </div>
          )}
        </Space>
      </Card>
      {report.isLoading && <Spin />}
      <Row gutter={[16, 16]}>
        {sections.map(([name, rows]) => {
          const option = rows.length > 0 ? sectionChart(name, rows, label, t, reasonWord) : undefined;
          return (
            <Col key={name} xs={24} xl={name === 'scorecards' ? 24 : 12}>
              <Card
                title={report.data?.labels.sections[name] ?? name}
                size="small"
                data-testid={`report-${name}`}
                extra={
                  rows.length > 0 && (
                    // One section as CSV, headed in the reader's language, as the whole report's export is.
                    <Button
                      size="small"
                      type="text"
                      icon={<DownloadOutlined />}
                      aria-label={t('reports.csv')}
                      onClick={() => {
                        const columns = Object.keys(rows[0]!);
                        downloadCsv(toCsv(columns, rows, columns.map(label)), `${kind}-${name}.csv`);
                      }}
                      data-testid={`csv-${name}`}
                    />
                  )
                }
              >
                {rows.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.empty')} />
                ) : option ? (
                  <Chart
                    option={option}
                    dark={dark}
                    testId={`chart-${name}`}
                    onPick={
                      drillable.has(name)
                        ? (point) => {
                            const cases = drillDown(name, rows, point, period);
                            if (cases) void navigate(`/?${cases.toString()}`);
                          }
                        : undefined
                    }
                  />
                ) : (
                  <Table
                    size="small"
                    rowKey={(row) => JSON.stringify(row)}
                    pagination={{ pageSize: 10 }}
                    dataSource={rows}
                    columns={Object.keys(rows[0]!).map((key) => ({ key, dataIndex: key, title: label(key) }))}
                    scroll={{ x: true }}
                  />
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
    </Space>
  );
};
export default Reports;
