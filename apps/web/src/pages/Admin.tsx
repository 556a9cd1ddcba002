import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Input,
  List,
  Popconfirm,
  Row,
  Space,
  Tabs,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { ApiError, type FieldError } from '../api/client.js';
import {
  adoptPolicy,
  rebuildProjections,
  usePolicy,
  usePolicyHistory,
  useProjections,
  whatIf as runWhatIf,
  type PolicyKind,
  type WhatIfReport,
} from '../api/policies.js';
import { DeadLetters } from '../components/DeadLetters.js';
import { MailLog } from '../components/MailLog.js';
import { InboundMail } from '../components/InboundMail.js';
import { WhatIfCases } from '../components/WhatIfCases.js';

/** One policy: its text, the problems the API finds in it (each under its path), a what-if before adopting (SLA), and adoption with If-Match and a reason. */
const PolicyEditor = ({ kind }: { kind: PolicyKind }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const current = usePolicy(kind);
  const history = usePolicyHistory(kind);
  const [text, setText] = useState<string>();
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<readonly FieldError[]>([]);
  // The what-if answers the text it was run on: an edit since asks for another.
  const [whatIf, setWhatIf] = useState<{ text: string; report: WhatIfReport }>();
  const [busy, setBusy] = useState(false);
  // YAML, as the README's policy files are written (JSON is YAML too, so either may be pasted).
  const shown = text ?? (current.data ? toYaml(current.data.document) : '');

  const parsed = (): unknown => {
    try {
      return parseYaml(shown) as unknown;
    } catch (error) {
      setProblems([{ field: 'policy', message: t('admin.notJson', { message: (error as Error).message }) }]);
      return undefined;
    }
  };
  const run = async (work: (policy: Record<string, never>) => Promise<void>) => {
    const policy = parsed();
    if (policy === undefined) return;
    setBusy(true);
    setProblems([]);
    try {
      await work(policy as Record<string, never>);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.errors.length > 0) setProblems(error.errors);
      void message.error(error.errors.length > 0 ? t('admin.invalid') : `${error.title}: ${error.detail ?? ''}`);
      if (error.status === 409) void queries.invalidateQueries({ queryKey: ['policy', kind] });
    } finally {
      setBusy(false);
    }
  };
  const simulate = () =>
    run(async (policy) => {
      setWhatIf({ text: shown, report: await runWhatIf({ policy }, {}) });
    });
  const adopt = () =>
    run(async (policy) => {
      const adopted = await adoptPolicy(kind)(
        { policy, reason: reason.trim() || undefined },
        { revision: current.data?.revision },
      );
      void message.success(t('admin.adopted', { revision: adopted.revision }));
      setText(undefined);
      setReason('');
      setWhatIf(undefined);
      queries.setQueryData(['policy', kind], adopted);
      void queries.invalidateQueries({ queryKey: ['policy', kind, 'history'] });
    });
  const needsWhatIf = kind === 'sla' && whatIf?.text !== shown;

  return (
    <Row gutter={16}>
      <Col xs={24} lg={15}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {current.data && (
            <Typography.Text type="secondary">
              {/* Revision -1: nothing adopted here yet, the file or the built-in default is in force. */}
              {t(current.data.revision < 0 ? 'admin.sourceOnly' : 'admin.source', {
                source: t(`admin.sources.${current.data.source}`),
                revision: current.data.revision,
              })}
              {current.data.adoptedBy &&
                ` · ${t('admin.adoptedBy', { by: current.data.adoptedBy, at: dayjs(current.data.adoptedAt).format('YYYY-MM-DD HH:mm'), reason: current.data.reason ?? '' })}`}
            </Typography.Text>
          )}
          <Typography.Text strong>{t('admin.document')}</Typography.Text>
          <Input.TextArea
            value={shown}
            onChange={(event) => setText(event.target.value)}
            rows={18}
            style={{ fontFamily: 'monospace', fontSize: 12 }}
            status={problems.length > 0 ? 'error' : undefined}
            data-testid={`policy-text-${kind}`}
          />
          {problems.length > 0 && (
            <Alert
              type="error"
              showIcon
              title={t('admin.invalid')}
              description={
                <ul style={{ margin: 0, paddingLeft: 16 }} data-testid={`policy-problems-${kind}`}>
                  {problems.map((problem) => (
                    <li key={`${problem.field}:${problem.message}`}>
                      <Typography.Text code>{problem.field}</Typography.Text> {problem.message}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          <Input
            placeholder={t('admin.reason')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            maxLength={500}
            data-testid={`policy-reason-${kind}`}
          />
          {whatIf && whatIf.text === shown && (
            <>
              <Alert
                type="info"
                showIcon
                title={t('admin.whatIfResult', whatIf.report.summary)}
                data-testid="what-if-result"
              />
              <WhatIfCases report={whatIf.report} />
            </>
          )}
          <Space wrap>
            {kind === 'sla' && (
              <Button onClick={simulate} loading={busy} data-testid="what-if">
                {t('admin.whatIf')}
              </Button>
            )}
            <Button
              type="primary"
              onClick={adopt}
              loading={busy}
              disabled={needsWhatIf || !reason.trim()}
              title={needsWhatIf ? t('admin.whatIfFirst') : undefined}
              data-testid={`adopt-${kind}`}
            >
              {t('admin.adopt')}
            </Button>
          </Space>
        </Space>
      </Col>
      <Col xs={24} lg={9}>
        <Card size="small" title={t('admin.history')}>
          <List
            size="small"
            dataSource={[...(history.data ?? [])].reverse()}
            locale={{ emptyText: '–' }}
            renderItem={(entry) => (
              <List.Item>
                #{entry.revision} · {dayjs(entry.adoptedAt).format('YYYY-MM-DD HH:mm')} · {entry.adoptedBy}
                {entry.reason && (
                  <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                    {entry.reason}
                  </Typography.Paragraph>
                )}
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
};

const ReadModels = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const status = useProjections();
  const [busy, setBusy] = useState(false);
  const rebuild = async () => {
    setBusy(true);
    try {
      await rebuildProjections();
      void message.success(t('admin.rebuilt'));
      void status.refetch();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical">
      <Descriptions
        size="small"
        // One figure a row on a phone, so labels and numbers are not squeezed apart.
        column={{ xs: 1, sm: 3 }}
        items={[
          { key: 'checkpoint', label: t('admin.checkpoint'), children: status.data?.checkpoint ?? '–' },
          { key: 'head', label: t('admin.head'), children: status.data?.head ?? '–' },
          {
            key: 'lag',
            label: t('admin.lag'),
            children: <span data-testid="projection-lag">{status.data?.lag ?? '–'}</span>,
          },
        ]}
      />
      {(status.data?.quarantined.length ?? 0) > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="quarantined"
          title={t('admin.quarantined', { count: status.data!.quarantined.length })}
          description={
            <ul>
              {status.data!.quarantined.map((held) => (
                <li key={held.streamId}>{t('admin.quarantinedItem', held)}</li>
              ))}
            </ul>
          }
        />
      )}
      <Popconfirm title={t('admin.rebuildConfirm')} onConfirm={rebuild}>
        <Button danger loading={busy} data-testid="rebuild">
          {t('admin.rebuild')}
        </Button>
      </Popconfirm>
    </Space>
  );
};

export const Admin = () => {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('admin.policies')}>
        <Tabs
          items={(['sla', 'supplier-evaluation'] as const).map((kind) => ({
            key: kind,
            label: t(`admin.kinds.${kind}`),
            children: <PolicyEditor kind={kind} />,
          }))}
        />
      </Card>
      <Card title={t('admin.projections')}>
        <ReadModels />
      </Card>
      <Card title={t('admin.deadLetters.title')}>
        <DeadLetters />
      </Card>
      <Card title={t('admin.mail.title')}>
        <MailLog />
      </Card>
      <Card title={t('admin.inbound.title')}>
        <InboundMail />
      </Card>
    </Space>
  );
};
