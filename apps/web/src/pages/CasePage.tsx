import { AuditOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client.js';
import { fetchComplaintHistory, useComplaint, useComplaintHistory } from '../api/complaints.js';
import { complaintSteps } from '../../../../libs/domain/complaint/vocabulary.js';
import type { ComplaintView } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { CaseActions } from '../components/CaseActions.js';
import { CaseSteps } from '../components/CaseSteps.js';
import { SlaClocks } from '../components/SlaClocks.js';
import { pauseReasonWord } from '../lib/pause-reasons.js';
import { StepForm } from '../components/StepForm.js';
import { CaseDetails } from '../components/CaseDetails.js';
import { EvidenceCard } from '../components/evidence/EvidenceCard.js';
import { FeedbackLinkCard } from '../components/FeedbackLinkCard.js';
import { Timeline } from '../components/Timeline.js';
import { casePath } from '../lib/case-path.js';
import { sentenceFor } from '../lib/timeline.js';
import { useNow } from '../lib/use-now.js';

const severityColour: Record<string, string> = { low: 'default', normal: 'blue', high: 'orange', critical: 'red' };

/** The case a duplicate goes on as: its number and title, as a link. */
const Survivor = ({ id }: { id: string }) => {
  const { t } = useTranslation();
  const survivor = useComplaint(id);
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
  const { t, i18n } = useTranslation();
  const { signedIn } = useSession();
  const queries = useQueryClient();
  const now = useNow();
  const complaint = useComplaint(id, { refetchInterval: 5000 });
  const history = useComplaintHistory(id, { refetchInterval: 5000 });

  const { notification } = App.useApp();
  const seen = complaint.data?.revision;
  // Someone else wrote first (409): say what they did, in sentences, then show the case as it now is.
  const reload = useCallback(() => {
    void (async () => {
      await queries.invalidateQueries({ queryKey: ['complaint', id] });
      const { events } = await queries.fetchQuery({
        queryKey: ['complaint', id, 'history'],
        queryFn: () => fetchComplaintHistory(id),
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
  // Files are attached and retracted in the evidence card, not among the buttons; a purge is the erase form's.
  const otherActions = view.allowedActions.filter(
    (action) =>
      !(complaintSteps as readonly string[]).includes(action) &&
      action !== 'attach-evidence' &&
      action !== 'retract-evidence' &&
      action !== 'purge-evidence' &&
      action !== 'feedback-link',
  );

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
            {(view.step === 'feedback' || view.feedbackLink) && <FeedbackLinkCard complaint={view} />}
            {otherActions.length > 0 && (
              <Card title={t('case.actions')} size="small">
                <CaseActions complaint={view} onDone={updated} onConflict={reload} />
              </Card>
            )}
            <EvidenceCard
              kind="complaints"
              id={view.id}
              revision={view.revision}
              allowedActions={view.allowedActions}
            />
            <Card title={t('case.details')} size="small">
              <CaseDetails complaint={view} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={t('case.clocks')} size="small">
              <SlaClocks
                clocks={view.sla.clocks}
                now={now}
                pausedBecause={
                  view.status === 'open' && view.waitingOnCustomer?.reasonCode
                    ? pauseReasonWord(view.waitingOnCustomer.reasonCode, t, {
                        reasons: view.scales.pauseReasons,
                        language: i18n.language,
                      })
                    : undefined
                }
              />
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
              <Timeline entries={history.data?.events ?? []} pauseReasons={view.scales.pauseReasons} />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
};
