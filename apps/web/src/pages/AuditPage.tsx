import { Alert, Button, Card, Col, DatePicker, Descriptions, Row, Slider, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useComplaintAt, useComplaintAudit, useComplaintHistory, type PastPoint } from '../api/complaints.js';
import type { AuditReport, ComplaintView } from '../api/types.js';
import { CaseDetails } from '../components/CaseDetails.js';
import { CaseSteps } from '../components/CaseSteps.js';
import { SlaClocks } from '../components/SlaClocks.js';
import { Timeline } from '../components/Timeline.js';
import { useEvidence } from '../api/evidence.js';
import { EvidenceFiles, type FileStatus } from '../components/evidence/EvidenceFiles.js';
import { changeSentence, fieldChanges } from '../lib/field-changes.js';
import { sentenceFor, type TimelineEntry } from '../lib/timeline.js';

type Point = PastPoint;

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
  // The events hold, yet a file they name does not hash to what was recorded, or is gone.
  const badFile = report.files?.find((file) => file.status === 'altered' || file.status === 'missing');
  if (report.verdict === 'tampered' && badFile && !report.workflow?.discrepancies.length)
    return (
      <Alert
        type="error"
        showIcon
        title={t('audit.fileAltered', { fileName: badFile.fileName, revision: badFile.revision })}
        description={`${t(`evidence.${badFile.status}`)} · ${badFile.sha256}`}
        data-testid="audit-verdict"
      />
    );
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

/** A field's value as an auditor reads it in an event: times as local times, text as it is, anything else as JSON. */
const shownValue = (value: unknown): string => {
  if (typeof value !== 'string') return JSON.stringify(value);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)
    ? dayjs(value).format('YYYY-MM-DD HH:mm:ss.SSS')
    : value;
};

/** The words for the fields events carry; a field not named here (a newer one) shows by its name. */
const fieldLabels: Readonly<Record<string, string>> = {
  at: 'audit.at',
  complaintId: 'audit.caseId',
  number: 'inbox.columns.number',
  customer: 'register.customer',
  channel: 'register.channel',
  category: 'register.category',
  severity: 'register.severity',
  title: 'register.complaintTitle',
  description: 'register.description',
  productRef: 'register.product',
  orderRef: 'register.order',
  supplierId: 'step.supplier',
  owner: 'case.owner',
  acknowledgement: 'step.acknowledgement',
  evidence: 'step.evidence',
  rootCause: 'step.rootCause',
  causeCategory: 'step.causeCategory',
  responsibleParty: 'step.responsible',
  containmentAction: 'step.containment',
  summary: 'step.summary',
  actions: 'step.actions',
  effective: 'step.effective',
  notes: 'step.notes',
  customerResponse: 'step.customerResponse',
  satisfactionScore: 'step.satisfaction',
  lessonsLearned: 'step.lessons',
  customerRecordRef: 'step.customerRecord',
  reason: 'action.reason',
  text: 'action.commentText',
  level: 'inbox.columns.escalation',
  evidenceId: 'evidence.evidenceId',
  fileName: 'evidence.fileName',
  mediaType: 'evidence.mediaType',
  size: 'evidence.size',
  sha256: 'evidence.sha256',
  caption: 'evidence.captionLabel',
  correctiveActionId: 'evidence.answers',
};

/**
 * The event at the revision shown: who, when, its hashes, every field it
 * carries, and what it changed in the case file, in words ("Root cause
 * changed from X to Y").
 */
const EventAt = ({
  entry,
  before,
  after,
}: {
  entry: TimelineEntry;
  before: ComplaintView | undefined;
  after: ComplaintView | undefined;
}) => {
  const { t } = useTranslation();
  const words = (key: string) => t(key);
  const changes = after ? fieldChanges(before, after, words) : [];
  const data = Object.entries((entry.data ?? {}) as Record<string, unknown>).filter(
    // The policy a case registered under is long and its own page shows it; `by` is the actor above.
    ([key]) => key !== 'slaPolicy' && key !== 'policy' && key !== 'by',
  );
  return (
    <Card title={t('audit.event', { revision: entry.seq })} size="small" data-testid="audit-event">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text strong>{sentenceFor(entry, t)}</Typography.Text>
        {changes.length > 0 && (
          <ul className="audit-changes" data-testid="audit-changes">
            {changes.map((change) => (
              <li key={change.field}>{changeSentence(change, t)}</li>
            ))}
          </ul>
        )}
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            { key: 'actor', label: t('audit.actor'), children: entry.actor ?? '—' },
            { key: 'time', label: t('audit.recordedAt'), children: dayjs(entry.time).format('YYYY-MM-DD HH:mm:ss') },
            {
              key: 'hash',
              label: t('audit.hash'),
              children: (
                <Typography.Text code copyable className="hash" data-testid="audit-hash">
                  {entry.hash}
                </Typography.Text>
              ),
            },
            {
              key: 'prevHash',
              label: t('audit.prevHash'),
              children: entry.prevHash ? (
                <Typography.Text code className="hash">
                  {entry.prevHash}
                </Typography.Text>
              ) : (
                '—'
              ),
            },
            ...data.map(([key, value]) => ({
              key: `data.${key}`,
              label: fieldLabels[key] ? t(fieldLabels[key]) : key,
              children: <span className="audit-value">{shownValue(value)}</span>,
            })),
          ]}
        />
      </Space>
    </Card>
  );
};

/** An auditor's view: scrub the history by revision or time, and see the case and its clocks as they stood. */
export const AuditPage = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const history = useComplaintHistory(id);
  const audit = useComplaintAudit(id);
  const events = history.data?.events ?? [];
  const last = Math.max(0, events.length - 1);
  const [point, setPoint] = useState<Point>();
  const shown: Point = point ?? { revision: last };
  const state = useComplaintAt(id, shown, events.length > 0);
  const revision = 'revision' in shown ? shown.revision : (state.data?.revision ?? last);
  // The case just before the shown event, to tell what that event changed.
  const previous = useComplaintAt(id, { revision: revision - 1 }, events.length > 0 && revision > 0);
  const files = useEvidence('complaints', id, { point: { revision } });
  if (history.isLoading) return <Spin />;
  const entry = events.find((event) => event.seq === revision);
  const bad = audit.data && !audit.data.chain.intact ? audit.data.chain.firstBadRevision : undefined;
  const statuses = new Map<string, FileStatus>((audit.data?.files ?? []).map((file) => [file.evidenceId, file.status]));

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
                ariaLabelForHandle={t('audit.revision')}
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
                  aria-label={t('audit.asOf')}
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
      {state.data && (
        <Card title={t('audit.recordThen', { revision })} size="small" data-testid="audit-record">
          <CaseDetails complaint={state.data} />
        </Card>
      )}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title={t('case.timeline')} size="small">
            <Timeline entries={events} upTo={revision} bad={bad} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {entry && <EventAt entry={entry} before={revision > 0 ? previous.data : undefined} after={state.data} />}
            <Card title={t('case.clocks')} size="small">
              {state.data && <SlaClocks clocks={state.data.sla.clocks} now={Date.parse(state.data.sla.asOf)} />}
            </Card>
            <Card title={t('evidence.atRevision', { revision })} size="small" data-testid="audit-evidence">
              <EvidenceFiles kind="complaints" id={id} files={files.data?.files ?? []} statuses={statuses} />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
};
