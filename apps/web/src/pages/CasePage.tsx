import { AuditOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import type { ComplaintView } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { CaseActions } from '../components/CaseActions.js';
import { CaseSteps } from '../components/CaseSteps.js';
import { SlaClocks } from '../components/SlaClocks.js';
import { StepForm } from '../components/StepForm.js';
import { Timeline } from '../components/Timeline.js';
import { sentenceFor, type TimelineEntry } from '../lib/timeline.js';
import { useNow } from '../lib/use-now.js';

const severityColour: Record<string, string> = { low: 'default', normal: 'blue', high: 'orange', critical: 'red' };

/** The case file: what has been found and done so far, step by step. */
const CaseDetails = ({ complaint }: { complaint: ComplaintView }) => {
  const { t } = useTranslation();
  const items = [
    {
      key: 'customer',
      label: t('register.customer'),
      children: `${complaint.customer.name}${complaint.customer.id ? ` (${complaint.customer.id})` : ''}`,
    },
    { key: 'channel', label: t('register.channel'), children: t(`domain:channel.${complaint.channel}`) },
    { key: 'category', label: t('register.category'), children: t(`domain:category.${complaint.category}`) },
    { key: 'owner', label: t('case.owner'), children: complaint.owner ?? t('case.unassigned') },
    { key: 'description', label: t('register.description'), children: complaint.description, span: 2 },
    ...(complaint.analysis
      ? [
          {
            key: 'rootCause',
            label: t('step.rootCause'),
            children: `${complaint.analysis.rootCause} (${t(`domain:cause.${complaint.analysis.causeCategory}`)})`,
            span: 2,
          },
          {
            key: 'responsible',
            label: t('step.responsible'),
            children:
              complaint.analysis.responsibleParty.type === 'supplier'
                ? `${t('step.supplier')}: ${complaint.analysis.responsibleParty.supplierId}`
                : `${t('step.internal')}: ${complaint.analysis.responsibleParty.department}`,
          },
        ]
      : []),
    ...(complaint.resolution
      ? [{ key: 'resolution', label: t('step.summary'), children: complaint.resolution.summary, span: 2 }]
      : []),
    ...(complaint.feedback
      ? [
          {
            key: 'feedback',
            label: t('step.customerResponse'),
            children: `${complaint.feedback.customerResponse} (${complaint.feedback.satisfactionScore}/5)`,
            span: 2,
          },
        ]
      : []),
  ];
  return <Descriptions size="small" column={2} items={items} bordered />;
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
          {withdrawal.duplicateOf && (
            <Link to={`/complaints/${withdrawal.duplicateOf}`} data-testid="survivor">
              {t('case.survivor', { id: withdrawal.duplicateOf })}
            </Link>
          )}
        </Space>
      }
    />
  );
};

export const CasePage = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { signedIn, can } = useSession();
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
  const mayWork = view.status === 'open' && can('owner', 'supervisor');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <Space wrap>
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
            {mayWork && (
              <Card
                title={t('case.currentStep', { step: t(`domain:step.${view.step}`) })}
                extra={<Typography.Text type="secondary">{t(`domain:stepAction.${view.step}`)}</Typography.Text>}
              >
                <StepForm complaint={view} me={signedIn!.me.subject} onDone={updated} onConflict={reload} />
              </Card>
            )}
            {can(...(view.status === 'open' ? ['owner', 'supervisor'] : ['supervisor'])) && (
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
