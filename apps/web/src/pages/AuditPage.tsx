import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Row, Slider, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, query } from '../api/client.js';
import type { AuditReport, ComplaintView } from '../api/types.js';
import { CaseSteps } from '../components/CaseSteps.js';
import { SlaClocks } from '../components/SlaClocks.js';
import { Timeline } from '../components/Timeline.js';
import type { TimelineEntry } from '../lib/timeline.js';

type Point = Readonly<{ revision: number } | { asOf: string }>;

/** The integrity verdict: intact, tampered (naming the first bad event), unreadable (naming what the store cannot read) or unverifiable. */
const Verdict = ({ report }: { report: AuditReport }) => {
  const { t } = useTranslation();
  if (!report.chain.intact)
    return (
      <Alert
        type="error"
        showIcon
        title={t('audit.tampered', { revision: report.chain.firstBadRevision })}
        description={report.chain.reason}
        data-testid="audit-verdict"
      />
    );
  if (report.verdict === 'unreadable')
    return (
      <Alert
        type="error"
        showIcon
        title={t('audit.unreadable', { revisions: report.unreadableRevisions?.join(', ') })}
        description={t('audit.unreadableHelp')}
        data-testid="audit-verdict"
      />
    );
  if (report.verdict === 'intact')
    return <Alert type="success" showIcon title={t('audit.intact')} data-testid="audit-verdict" />;
  // The chain holds, yet the workflow histories disagree: a forger who recomputed every hash.
  const [disagreement] = report.workflow?.discrepancies ?? [];
  if (report.verdict === 'tampered' && disagreement)
    return (
      <Alert
        type="error"
        showIcon
        title={t('audit.forged', { revision: disagreement.revision ?? '?' })}
        description={disagreement.problem}
        data-testid="audit-verdict"
      />
    );
  return (
    <Alert
      type={report.verdict === 'tampered' ? 'error' : 'warning'}
      showIcon
      title={report.verdict === 'tampered' ? t('audit.tampered', { revision: '?' }) : t('audit.unverifiable')}
      description={report.workflowCheckError}
      data-testid="audit-verdict"
    />
  );
};

/** An auditor's view: scrub the history by revision or time, and see the case and its clocks as they stood. */
export const AuditPage = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: ['complaint', id, 'history'],
    queryFn: () => api.get<{ events: TimelineEntry[] }>(`/complaints/${id}/history`),
  });
  const audit = useQuery({
    queryKey: ['complaint', id, 'audit'],
    queryFn: () => api.get<AuditReport>(`/complaints/${id}/audit`),
  });
  const events = history.data?.events ?? [];
  const last = Math.max(0, events.length - 1);
  const [point, setPoint] = useState<Point>();
  const shown: Point = point ?? { revision: last };
  const state = useQuery({
    queryKey: ['complaint', id, 'state', shown],
    queryFn: () =>
      api.get<ComplaintView>(
        `/complaints/${id}/state${query('revision' in shown ? { revision: shown.revision } : { asOf: shown.asOf })}`,
      ),
    enabled: events.length > 0,
    placeholderData: (previous) => previous,
  });
  if (history.isLoading) return <Spin />;
  const revision = 'revision' in shown ? shown.revision : (state.data?.revision ?? last);
  const bad = audit.data && !audit.data.chain.intact ? audit.data.chain.firstBadRevision : undefined;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('audit.title', { title: state.data?.title ?? '' })}
        extra={
          <Link to={`/complaints/${id}`}>
            <Button>{t('case.details')}</Button>
          </Link>
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          {audit.data && <Verdict report={audit.data} />}
          {/* Room above the slider for its handle's tooltip, which would otherwise cover the verdict. */}
          <Row gutter={16} align="middle" style={{ marginTop: 24 }}>
            <Col flex="none">
              <Typography.Text strong>{t('audit.revision')}</Typography.Text>
            </Col>
            <Col flex="auto" data-testid="revision-slider">
              <Slider
                min={0}
                max={last}
                value={revision}
                onChange={(value) => setPoint({ revision: value })}
                marks={{ 0: '0', [last]: String(last) }}
              />
            </Col>
            <Col flex="none">
              <Space>
                <Typography.Text strong>{t('audit.asOf')}</Typography.Text>
                <DatePicker
                  showTime
                  value={'asOf' in shown ? dayjs(shown.asOf) : undefined}
                  onChange={(value) => value && setPoint({ asOf: value.toISOString() })}
                />
                <Button onClick={() => setPoint(undefined)}>{t('audit.now')}</Button>
              </Space>
            </Col>
          </Row>
          <Typography.Text type="secondary" data-testid="audit-shown">
            {t('audit.asItWas', { revision })}
          </Typography.Text>
          {state.data && <CaseSteps complaint={state.data} />}
        </Space>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title={t('case.timeline')} size="small">
            <Timeline entries={events} upTo={revision} bad={bad} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('case.clocks')} size="small">
            {state.data && <SlaClocks clocks={state.data.sla.clocks} now={Date.parse(state.data.sla.asOf)} />}
          </Card>
        </Col>
      </Row>
    </Space>
  );
};
