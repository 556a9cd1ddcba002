import { AuditOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Grid, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { complaintSteps } from '../../../../libs/domain/complaint/vocabulary.js';
import type { ComplaintView } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { CaseActions } from '../components/CaseActions.js';
import { CaseSteps } from '../components/CaseSteps.js';
import { SlaClocks } from '../components/SlaClocks.js';
import { StepForm } from '../components/StepForm.js';
import { Timeline } from '../components/Timeline.js';
import { casePath } from '../lib/case-path.js';
import { sentenceFor, type TimelineEntry } from '../lib/timeline.js';
import { useNow } from '../lib/use-now.js';

const severityColour: Record<string, string> = { low: 'default', normal: 'blue', high: 'orange', critical: 'red' };

type Item = Readonly<{ key: string; label: string; children: ReactNode; span?: number }>;

/** Who recorded a section and when, under it. */
const Recorded = ({ by, at }: { by: string; at: string }) => (
  <Typography.Text type="secondary" className="recorded">
    {by} · {dayjs(at).format('YYYY-MM-DD HH:mm')}
  </Typography.Text>
);

/** The mark on a section the case is redoing. */
const Superseded = ({ testId }: { testId: string }) => {
  const { t } = useTranslation();
  return (
    <Tag color="orange" data-testid={testId}>
      {t('case.superseded')}
    </Tag>
  );
};

/** A supplier named on the case: a link to its page. */
const SupplierLink = ({ id }: { id: string }) => (
  <Link to={`/suppliers/${encodeURIComponent(id)}`} data-testid="case-supplier">
    {id}
  </Link>
);

/** The case file: everything entered, section by section, each with who recorded it and when. */
export const CaseDetails = ({ complaint }: { complaint: ComplaintView }) => {
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const { customer, identification, analysis, resolution, verification, feedback, archive } = complaint;
  const text = (value?: string) => value || '—';
  // A section recorded before the case was sent back to its step is being redone: what it says no longer stands.
  const redoing = (step: 'analyse' | 'resolve') => complaint.status === 'open' && complaint.step === step;
  const items: Item[] = [
    {
      key: 'customer',
      label: t('register.customer'),
      children: `${customer.name}${customer.id ? ` (${customer.id})` : ''}`,
    },
    { key: 'contact', label: t('register.contact'), children: text(customer.contact) },
    { key: 'channel', label: t('register.channel'), children: t(`domain:channel.${complaint.channel}`) },
    { key: 'category', label: t('register.category'), children: t(`domain:category.${complaint.category}`) },
    { key: 'product', label: t('register.product'), children: text(complaint.productRef) },
    { key: 'order', label: t('register.order'), children: text(complaint.orderRef) },
    {
      key: 'supplier',
      label: t('step.supplier'),
      children: complaint.supplierId ? <SupplierLink id={complaint.supplierId} /> : '—',
    },
    { key: 'owner', label: t('case.owner'), children: complaint.owner ?? t('case.unassigned') },
    {
      key: 'registered',
      label: t('case.registered'),
      children: <Recorded by={complaint.registeredBy} at={complaint.registeredAt} />,
    },
    { key: 'description', label: t('register.description'), children: complaint.description, span: 2 },
  ];
  if (identification)
    items.push({
      key: 'acknowledgement',
      label: t('step.acknowledgement'),
      children: (
        <>
          <div>{identification.acknowledgement}</div>
          {identification.evidence.length > 0 && <div>{identification.evidence.join('、')}</div>}
          <Recorded {...identification} />
        </>
      ),
      span: 2,
    });
  if (analysis)
    items.push(
      {
        key: 'rootCause',
        label: t('step.rootCause'),
        children: (
          <>
            {redoing('analyse') && <Superseded testId="superseded-analysis" />}
            <div data-testid="case-root-cause">
              {analysis.rootCause}
              {t('case.inParentheses', { text: t(`domain:cause.${analysis.causeCategory}`) })}
            </div>
            <Recorded {...analysis} />
          </>
        ),
        span: 2,
      },
      {
        key: 'responsible',
        label: t('step.responsible'),
        children:
          analysis.responsibleParty.type === 'supplier' ? (
            <>
              {t('case.labelled', { label: t('step.supplier') })}
              <SupplierLink id={analysis.responsibleParty.supplierId} />
            </>
          ) : (
            `${t('case.labelled', { label: t('step.internal') })}${analysis.responsibleParty.department}`
          ),
      },
      { key: 'containment', label: t('step.containment'), children: text(analysis.containmentAction) },
    );
  if (resolution)
    items.push({
      key: 'resolution',
      label: t('step.summary'),
      children: (
        <>
          {redoing('resolve') && <Superseded testId="superseded-resolution" />}
          <div>{resolution.summary}</div>
          <ul className="actions-list" data-testid="case-actions-list">
            {resolution.actions.map((action, i) => (
              <li key={i}>
                <Tag>{t(`domain:actionKind.${action.kind}`)}</Tag>
                {action.description} · {action.owner} · {t('case.dueBy', { date: action.dueDate })}
              </li>
            ))}
          </ul>
          <Recorded {...resolution} />
        </>
      ),
      span: 2,
    });
  if (verification)
    items.push({
      key: 'verification',
      label: t('case.verification'),
      children: (
        <>
          <div>
            <Tag color={verification.effective ? 'green' : 'orange'}>
              {verification.effective ? t('step.effectiveYes') : t('case.notEffective')}
            </Tag>
            {verification.notes}
          </div>
          <Recorded {...verification} />
        </>
      ),
      span: 2,
    });
  if (feedback)
    items.push({
      key: 'feedback',
      label: t('step.customerResponse'),
      children: (
        <>
          <div>
            {feedback.customerResponse}
            {t('case.inParentheses', { text: t('case.score', { score: feedback.satisfactionScore }) })}
          </div>
          <Recorded {...feedback} />
        </>
      ),
      span: 2,
    });
  if (archive)
    items.push({
      key: 'lessons',
      label: t('step.lessons'),
      children: (
        <>
          <div>{archive.lessonsLearned}</div>
          {archive.customerRecordRef && (
            <div>
              {t('step.customerRecord')}: {archive.customerRecordRef}
            </div>
          )}
          <Recorded {...archive} />
        </>
      ),
      span: 2,
    });
  // On a phone each label stands over its value: a label column would leave the values a third of the width.
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      layout={phone ? 'vertical' : 'horizontal'}
      items={items}
      bordered
      data-testid="case-details"
    />
  );
};

/** The case a duplicate goes on as: its number and title, as a link. */
const Survivor = ({ id }: { id: string }) => {
  const { t } = useTranslation();
  const survivor = useQuery({
    queryKey: ['complaint', id],
    queryFn: () => api.get<ComplaintView>(`/complaints/${id}`),
  });
  const shown = survivor.data ? `${survivor.data.number ?? ''} ${survivor.data.title}`.trim() : id;
  return (
    <Link to={survivor.data ? casePath(survivor.data) : `/complaints/${id}`} data-testid="survivor">
      {t('case.survivor', { id: shown })}
    </Link>
  );
};

/** Why a withdrawn case stopped, where, by whom, and the case that goes on in its place. */
const Withdrawal = ({ withdrawal }: { withdrawal: NonNullable<ComplaintView['withdrawal']> }) => {
  const { t } = useTranslation();
  const values = { by: withdrawal.by, reason: t(`domain:withdrawReason.${withdrawal.reason}`) };
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="withdrawal"
      title={
        withdrawal.step
          ? t('case.withdrawnAt', { ...values, step: t(`domain:step.${withdrawal.step}`) })
          : t('case.withdrawnWhy', values)
      }
      description={
        <Space orientation="vertical" size={2}>
          <span>{withdrawal.explanation}</span>
          {withdrawal.duplicateOf && <Survivor id={withdrawal.duplicateOf} />}
        </Space>
      }
    />
  );
};

export const CasePage = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const queries = useQueryClient();
  const now = useNow();
  const complaint = useQuery({
    queryKey: ['complaint', id],
    queryFn: () => api.get<ComplaintView>(`/complaints/${id}`),
    refetchInterval: 5000,
  });
  const history = useQuery({
    queryKey: ['complaint', id, 'history'],
    queryFn: () => api.get<{ events: TimelineEntry[] }>(`/complaints/${id}/history`),
    refetchInterval: 5000,
  });

  const { notification } = App.useApp();
  const seen = complaint.data?.revision;
  // Someone else wrote first (409): say what they did, in sentences, then show the case as it now is.
  const reload = useCallback(() => {
    void (async () => {
      await queries.invalidateQueries({ queryKey: ['complaint', id] });
      const { events } = await queries.fetchQuery({
        queryKey: ['complaint', id, 'history'],
        queryFn: () => api.get<{ events: TimelineEntry[] }>(`/complaints/${id}/history`),
      });
      const news = events.filter((event) => seen === undefined || event.seq > seen);
      if (news.length > 0) {
        notification.info({
          title: t('case.changedMeanwhile'),
          description: (
            <ul style={{ margin: 0, paddingLeft: 16 }} data-testid="changed-meanwhile">
              {news.map((event) => (
                <li key={event.seq}>{sentenceFor(event, t)}</li>
              ))}
            </ul>
          ),
        });
      }
    })();
  }, [queries, id, seen, notification, t]);
  const updated = useCallback(
    (next: ComplaintView) => {
      queries.setQueryData(['complaint', id], next);
      void queries.invalidateQueries({ queryKey: ['complaint', id, 'history'] });
      void queries.invalidateQueries({ queryKey: ['complaints'] });
    },
    [queries, id],
  );

  if (complaint.isLoading) return <Spin />;
  // A refresh that fails keeps the case on screen; only a case never loaded shows the error.
  if (complaint.error && !complaint.data) {
    const error = complaint.error;
    return (
      <Result
        status={error instanceof ApiError && error.status === 404 ? '404' : 'error'}
        title={error instanceof ApiError ? error.title : t('common.error')}
        subTitle={error.message}
      />
    );
  }
  const view = complaint.data!;
  const mayDoStep = view.step !== undefined && view.allowedActions.includes(view.step);
  // The one step a caller who works the case may not do: verify the resolution they implemented.
  const waitingForVerifier = view.step === 'verify' && !mayDoStep && view.resolution?.by === signedIn?.me.subject;
  const otherActions = view.allowedActions.filter((action) => !(complaintSteps as readonly string[]).includes(action));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <Space wrap>
              {view.number && (
                <Typography.Text type="secondary" copyable data-testid="case-number">
                  {view.number}
                </Typography.Text>
              )}
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="case-title">
                {view.title}
              </Typography.Title>
              <Tag color={severityColour[view.severity]}>{t(`domain:severity.${view.severity}`)}</Tag>
              <Tag data-testid="case-status">
                {view.status === 'open' ? t(`domain:step.${view.step}`) : t(`domain:status.${view.status}`)}
              </Tag>
              {view.sla.escalationLevel > 0 && (
                <Tag color="volcano">{t('inbox.rung', { level: view.sla.escalationLevel })}</Tag>
              )}
              {view.reopenCount > 0 && <Tag>{t('case.reopened', { count: view.reopenCount })}</Tag>}
              {view.failedVerifications > 0 && (
                <Tag color="orange">{t('case.failedVerifications', { count: view.failedVerifications })}</Tag>
              )}
            </Space>
            <Space>
              <Typography.Text type="secondary" data-testid="case-revision">
                {t('case.revision', { revision: view.revision })}
              </Typography.Text>
              <Link to={`/complaints/${id}/audit`}>
                <Button icon={<AuditOutlined />} data-testid="open-audit">
                  {t('case.audit')}
                </Button>
              </Link>
            </Space>
          </Space>
          <CaseSteps complaint={view} />
        </Space>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {view.status === 'archived' && (
              <Alert type="info" showIcon title={t('case.closed', { status: t(`domain:status.${view.status}`) })} />
            )}
            {view.status === 'withdrawn' && view.withdrawal && <Withdrawal withdrawal={view.withdrawal} />}
            {(mayDoStep || waitingForVerifier) && (
              <Card
                title={t('case.currentStep', { step: t(`domain:step.${view.step}`) })}
                extra={<Typography.Text type="secondary">{t(`domain:stepAction.${view.step}`)}</Typography.Text>}
              >
                {mayDoStep ? (
                  <StepForm complaint={view} me={signedIn!.me.subject} onDone={updated} onConflict={reload} />
                ) : (
                  <Alert type="info" showIcon title={t('case.waitingForVerifier')} data-testid="waiting-for-verifier" />
                )}
              </Card>
            )}
            {otherActions.length > 0 && (
              <Card title={t('case.actions')} size="small">
                <CaseActions complaint={view} onDone={updated} onConflict={reload} />
              </Card>
            )}
            <Card title={t('case.details')} size="small">
              <CaseDetails complaint={view} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={t('case.clocks')} size="small">
              <SlaClocks clocks={view.sla.clocks} now={now} />
            </Card>
            <Card
              title={t('case.timeline')}
              extra={
                view.commentCount > 0 && (
                  <span data-testid="comment-count">{t('case.comments', { count: view.commentCount })}</span>
                )
              }
              size="small"
            >
              <Timeline entries={history.data?.events ?? []} />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
};
