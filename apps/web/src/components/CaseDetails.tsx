import { Descriptions, Grid, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { actorName } from '../lib/timeline.js';
import { Link } from 'react-router-dom';
import type { ComplaintView } from '../api/types.js';

type Item = Readonly<{ key: string; label: string; children: ReactNode; span?: number }>;

/** Who recorded a section and when, under it. */
const Recorded = ({ by, at }: { by: string; at: string }) => {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" className="recorded">
      {actorName(by, t)} · {dayjs(at).format('YYYY-MM-DD HH:mm')}
    </Typography.Text>
  );
};

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
    ...(complaint.receivedAt
      ? [
          {
            key: 'received',
            label: t('case.received'),
            children: <span data-testid="case-received">{dayjs(complaint.receivedAt).format('YYYY-MM-DD HH:mm')}</span>,
          },
        ]
      : []),
    {
      key: 'registered',
      label: t('case.registered'),
      children: <Recorded by={complaint.registeredBy} at={complaint.registeredAt} />,
    },
    { key: 'description', label: t('register.description'), children: complaint.description, span: 2 },
  ];
  if (complaint.containment)
    items.push({
      key: 'containment',
      label: t('case.containment'),
      children: (
        <>
          <div data-testid="case-containment">{complaint.containment.action}</div>
          <Recorded {...complaint.containment} />
        </>
      ),
      span: 2,
    });
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
            {feedback.linkId && (
              <Tag color="blue" data-testid="answered-by-customer">
                {t('feedbackLink.byCustomer')}
              </Tag>
            )}
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
