import { PauseCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Input, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { complaintSteps, severities } from '../../../../libs/domain/complaint/vocabulary.js';
import { api, query } from '../api/client.js';
import type { CaseListItem, Listing } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { formatDuration } from '../lib/duration.js';
import { defaultView, inboxViews, listQuery, type InboxView } from '../lib/inbox-views.js';
import { useNow } from '../lib/use-now.js';

const pageSize = 50;
const severityColour: Record<string, string> = { low: 'default', normal: 'blue', high: 'orange', critical: 'red' };

/** Due in: a live countdown, red once past. */
const Due = ({ item, now }: { item: CaseListItem; now: number }) => {
  const { t, i18n } = useTranslation();
  if (item.sla.paused)
    return (
      <Tooltip title={t('inbox.paused')}>
        <PauseCircleOutlined aria-label={t('inbox.paused')} />
      </Tooltip>
    );
  if (!item.sla.dueAt) return null;
  const left = Date.parse(item.sla.dueAt) - now;
  // Past its target, the list's due time is the next rung of the ladder, not the breach: the case page tells how late.
  if (left <= 0 || item.sla.overdue) return <Badge status="error" text={t('inbox.overdue')} />;
  return (
    <Typography.Text type={left < 3_600_000 ? 'warning' : undefined}>
      {formatDuration(left, i18n.language)}
    </Typography.Text>
  );
};

/** Saved views and filters live in the URL, so a view can be bookmarked and shared. */
export const Inbox = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { signedIn } = useSession();
  const [params, setParams] = useSearchParams();
  const now = useNow();
  const search = useRef<HTMLInputElement>(null);
  const [selected, setSelected] = useState(0);

  const view = (inboxViews as readonly string[]).includes(params.get('view') ?? '')
    ? (params.get('view') as InboxView)
    : defaultView(signedIn!.me.roles);
  const filters = {
    step: params.get('step') ?? undefined,
    severity: params.get('severity') ?? undefined,
    supplierId: params.get('supplierId') ?? undefined,
    owner: params.get('owner') ?? undefined,
    q: params.get('q') ?? undefined,
  };
  const offset = Number(params.get('offset') ?? 0) || 0;
  const path = `/complaints${query(listQuery(view, filters, signedIn!.me.subject, { limit: pageSize, offset }))}`;
  const list = useQuery({
    queryKey: ['complaints', path],
    queryFn: () => api.get<Listing<CaseListItem>>(path),
    refetchInterval: 10_000,
    placeholderData: (previous) => previous,
  });
  const items = useMemo(() => list.data?.items ?? [], [list.data]);

  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes))
      if (value) next.set(key, value);
      else next.delete(key);
    if (!('offset' in changes)) next.delete('offset');
    setParams(next);
  };

  // j/k move through the rows, Enter opens one, / searches.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && ['INPUT', 'TEXTAREA'].includes(target.tagName)) return;
      if (event.key === 'j') setSelected((row) => Math.min(row + 1, items.length - 1));
      else if (event.key === 'k') setSelected((row) => Math.max(row - 1, 0));
      else if (event.key === 'Enter' && items[selected]) void navigate(`/complaints/${items[selected].id}`);
      else if (event.key === '/') {
        event.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, selected, navigate]);

  return (
    <Card
      title={t('inbox.title')}
      extra={
        <Typography.Text type="secondary">
          {t('inbox.total', { count: list.data?.total ?? 0 })} · {t('inbox.refreshed')}
        </Typography.Text>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Segmented
          value={view}
          onChange={(value) => set({ view: String(value) })}
          options={inboxViews.map((key) => ({ value: key, label: t(`inbox.views.${key}`) }))}
          data-testid="inbox-views"
        />
        <Space wrap>
          <Input.Search
            ref={(input) => {
              search.current = input?.input ?? null;
            }}
            allowClear
            placeholder={t('inbox.search')}
            defaultValue={filters.q}
            onSearch={(q) => set({ q })}
            style={{ width: 280 }}
          />
          <Select
            allowClear
            placeholder={t('inbox.anyStep')}
            value={filters.step}
            onChange={(step) => set({ step })}
            style={{ width: 150 }}
            options={complaintSteps.map((step) => ({ value: step, label: t(`domain:step.${step}`) }))}
          />
          <Select
            allowClear
            placeholder={t('inbox.anySeverity')}
            value={filters.severity}
            onChange={(severity) => set({ severity })}
            style={{ width: 150 }}
            options={severities.map((severity) => ({ value: severity, label: t(`domain:severity.${severity}`) }))}
          />
          <Input
            allowClear
            placeholder={t('inbox.supplier')}
            defaultValue={filters.supplierId}
            onPressEnter={(event) => set({ supplierId: event.currentTarget.value })}
            style={{ width: 160 }}
          />
          {view !== 'mine' && (
            <Input
              allowClear
              placeholder={t('inbox.owner')}
              defaultValue={filters.owner}
              onPressEnter={(event) => set({ owner: event.currentTarget.value })}
              style={{ width: 140 }}
            />
          )}
        </Space>
        <Table<CaseListItem>
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          dataSource={items}
          locale={{ emptyText: t('inbox.none') }}
          rowClassName={(_, index) => (index === selected ? 'row-selected' : '')}
          onRow={(item) => ({ onClick: () => navigate(`/complaints/${item.id}`), style: { cursor: 'pointer' } })}
          pagination={{
            current: offset / pageSize + 1,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (page) => set({ offset: String((page - 1) * pageSize) }),
          }}
          columns={[
            {
              key: 'title',
              title: t('inbox.columns.title'),
              render: (_, item) => <Typography.Text strong>{item.title}</Typography.Text>,
            },
            { key: 'customer', title: t('inbox.columns.customer'), render: (_, item) => item.customer.name },
            {
              key: 'step',
              title: t('inbox.columns.step'),
              render: (_, item) => item.step && <Tag>{t(`domain:step.${item.step}`)}</Tag>,
            },
            {
              key: 'severity',
              title: t('inbox.columns.severity'),
              render: (_, item) => (
                <Tag color={severityColour[item.severity]}>{t(`domain:severity.${item.severity}`)}</Tag>
              ),
            },
            {
              key: 'owner',
              title: t('inbox.columns.owner'),
              render: (_, item) =>
                item.owner ?? <Typography.Text type="secondary">{t('case.unassigned')}</Typography.Text>,
            },
            { key: 'due', title: t('inbox.columns.due'), render: (_, item) => <Due item={item} now={now} /> },
            {
              key: 'escalation',
              title: t('inbox.columns.escalation'),
              render: (_, item) =>
                item.sla.escalationLevel > 0 && (
                  <Tag color="volcano">{t('inbox.rung', { level: item.sla.escalationLevel })}</Tag>
                ),
            },
          ]}
        />
      </Space>
    </Card>
  );
};
