import { LeftOutlined, PauseCircleOutlined, RightOutlined, SaveOutlined } from '@ant-design/icons';
import {
  App,
  Badge,
  Button,
  Card,
  Flex,
  Grid,
  Input,
  List,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { parseCaseNumber } from '../../../../libs/domain/complaint/case-number.js';
import { complaintSteps, severities } from '../../../../libs/domain/complaint/vocabulary.js';
import { useComplaints } from '../api/complaints.js';
import { usePauseReasons } from '../api/policies.js';
import type { CaseListItem } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { CaseStatusTag } from '../components/CaseStatusTag.js';
import { casePath } from '../lib/case-path.js';
import { formatDuration } from '../lib/duration.js';
import { pauseReasonWord } from '../lib/pause-reasons.js';
import {
  defaultView,
  filtersOf,
  inboxViews,
  listQuery,
  savedViews,
  saveView,
  type CaseSort,
  type InboxView,
} from '../lib/inbox-views.js';
import { useNow } from '../lib/use-now.js';
import { totalText } from '../lib/case-total.js';

const pageSize = 50;
const severityColour: Record<string, string> = { low: 'default', normal: 'blue', high: 'orange', critical: 'red' };

/** Due in: a live countdown, red once past. */
const Due = ({ item, now }: { item: CaseListItem; now: number }) => {
  const { t, i18n } = useTranslation();
  const reasons = usePauseReasons();
  if (item.sla.paused) {
    const word = item.sla.waitReason
      ? pauseReasonWord(item.sla.waitReason, t, { reasons, language: i18n.language })
      : undefined;
    const why = word ? t('inbox.pausedBecause', { reason: word }) : t('inbox.paused');
    return (
      <Tooltip title={why}>
        <Space size={4} data-testid="case-paused">
          <PauseCircleOutlined aria-label={why} />
          {word && <Typography.Text type="secondary">{word}</Typography.Text>}
        </Space>
      </Tooltip>
    );
  }
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

const Severity = ({ item }: { item: CaseListItem }) => {
  const { t } = useTranslation();
  return <Tag color={severityColour[item.severity]}>{t(`domain:severity.${item.severity}`)}</Tag>;
};

const Rung = ({ item }: { item: CaseListItem }) => {
  const { t } = useTranslation();
  return item.sla.escalationLevel > 0 ? (
    <Tag color="volcano">{t('inbox.rung', { level: item.sla.escalationLevel })}</Tag>
  ) : null;
};

/** On a phone, a case is a card: number and title, then what it needs. */
const CaseCard = ({ item, now }: { item: CaseListItem; now: number }) => {
  const { t } = useTranslation();
  return (
    <List.Item data-testid="case-card">
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Link to={casePath(item)} className="case-link">
          {item.number && <Typography.Text type="secondary">{item.number} · </Typography.Text>}
          <Typography.Text strong>{item.title}</Typography.Text>
        </Link>
        <Typography.Text type="secondary">{item.customer.name}</Typography.Text>
        <Space wrap size={4}>
          <CaseStatusTag item={item} />
          <Severity item={item} />
          <Rung item={item} />
          <Typography.Text>{item.owner ?? t('case.unassigned')}</Typography.Text>
          <Due item={item} now={now} />
        </Space>
      </Space>
    </List.Item>
  );
};

/** Keyset paging: the next page after this one's last case, and back the way the person came. */
const Pager = ({
  total,
  from,
  shown,
  onPrevious,
  onNext,
}: {
  total: string;
  /** The place of this page's first case, when known. */
  from: number | undefined;
  shown: number;
  onPrevious: (() => void) | undefined;
  onNext: (() => void) | undefined;
}) => {
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const range = (
    <Typography.Text type="secondary" data-testid="inbox-range">
      {from !== undefined && shown > 0 ? t('inbox.range', { from, to: from + shown - 1, total }) : total}
    </Typography.Text>
  );
  const previous = (
    <Button icon={<LeftOutlined />} disabled={!onPrevious} onClick={onPrevious} data-testid="inbox-previous">
      {t('inbox.previous')}
    </Button>
  );
  const next = (
    <Button icon={<RightOutlined />} iconPlacement="end" disabled={!onNext} onClick={onNext} data-testid="inbox-next">
      {t('inbox.next')}
    </Button>
  );
  // A phone's width holds the two buttons side by side under where the page stands, not all three in a row.
  return phone ? (
    <Flex vertical align="center" gap="small" data-testid="inbox-pager">
      {range}
      <Flex gap="small">
        {previous}
        {next}
      </Flex>
    </Flex>
  ) : (
    <Flex justify="center" align="center" gap="middle" data-testid="inbox-pager">
      {previous}
      {range}
      {next}
    </Flex>
  );
};

/** Views, filters and the sort live in the URL, so a view can be bookmarked, shared and saved by name. */
export const Inbox = () => {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { signedIn } = useSession();
  const subject = signedIn!.me.subject;
  const [params, setParams] = useSearchParams();
  const now = useNow();
  const phone = !Grid.useBreakpoint().md;
  const search = useRef<HTMLInputElement>(null);
  const [selected, setSelected] = useState(0);
  const [saved, setSaved] = useState(() => savedViews(subject));
  const [naming, setNaming] = useState<string | undefined>(undefined);

  const view = (inboxViews as readonly string[]).includes(params.get('view') ?? '')
    ? (params.get('view') as InboxView)
    : defaultView(signedIn!.me.roles);
  const filters = filtersOf(params);
  const cursor = params.get('cursor') || undefined;
  // The cursors of the pages before this one ('' the first), the way back: kept with each page's history entry,
  // so the browser's Back and a reload keep it too; a view opened afresh has none.
  const location = useLocation();
  const trail = (location.state as { trail?: string[] } | null)?.trail ?? [];
  const request = listQuery(view, filters, subject, { limit: pageSize, ...(cursor && { cursor }) });
  const list = useComplaints(request, { refetchInterval: 10_000 });
  const items = useMemo(() => list.data?.items ?? [], [list.data]);

  // From the URL as it is when called: a handler a control kept from an earlier render must not undo a later change.
  // Another view, filter or sort starts again from its first page, with no way back.
  const set = (changes: Record<string, string | undefined>, way: string[] = []) =>
    setParams(
      () => {
        const next = new URLSearchParams(window.location.search);
        for (const [key, value] of Object.entries(changes))
          if (value) next.set(key, value);
          else next.delete(key);
        if (!('cursor' in changes)) next.delete('cursor');
        return next;
      },
      { state: { trail: way } },
    );

  // A case number typed into the search opens that case.
  const searchFor = (q: string) => {
    const number = parseCaseNumber(q);
    if (number) void navigate(`/complaints/${q.trim().toUpperCase()}`);
    else set({ q });
  };
  const sortOrder = (key: CaseSort) =>
    request.sort === key ? (key === 'dueAt' || key === 'severity' ? 'ascend' : 'descend') : null;

  // j/k move through the rows, Enter opens one, / searches.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && ['INPUT', 'TEXTAREA'].includes(target.tagName)) return;
      if (event.key === 'j') setSelected((row) => Math.min(row + 1, items.length - 1));
      else if (event.key === 'k') setSelected((row) => Math.max(row - 1, 0));
      else if (event.key === 'Enter' && items[selected]) void navigate(casePath(items[selected]));
      else if (event.key === '/') {
        event.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, selected, navigate]);

  const viewOptions = inboxViews.map((key) => ({ value: key, label: t(`inbox.views.${key}`) }));
  const total = list.data ? totalText(t, i18n.language, list.data) : '';
  const nextCursor = list.data?.nextCursor;
  // A list of one page has no pager, and no empty footer where it would stand.
  const pager = (cursor || nextCursor) && (
    <Pager
      total={total}
      // Where this page stands is known while the way back is: not after a reload part-way.
      from={cursor && trail.length === 0 ? undefined : trail.length * pageSize + 1}
      shown={items.length}
      onPrevious={cursor ? () => set({ cursor: trail.at(-1) || undefined }, trail.slice(0, -1)) : undefined}
      onNext={nextCursor ? () => set({ cursor: nextCursor }, [...trail, cursor ?? '']) : undefined}
    />
  );

  return (
    <Card
      title={t('inbox.title')}
      extra={
        <Typography.Text type="secondary">
          {total}
          {!phone && ` · ${t('inbox.refreshed')}`}
        </Typography.Text>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {phone ? (
          <Select
            aria-label={t('inbox.view')}
            value={view}
            onChange={(value) => set({ view: value })}
            options={viewOptions}
            style={{ width: '100%' }}
            data-testid="inbox-views"
          />
        ) : (
          <Segmented
            value={view}
            onChange={(value) => set({ view: String(value) })}
            options={viewOptions}
            data-testid="inbox-views"
          />
        )}
        <div className="filters">
          <Input.Search
            ref={(input) => {
              search.current = input?.input ?? null;
            }}
            allowClear
            aria-label={t('inbox.search')}
            placeholder={t('inbox.search')}
            defaultValue={filters.q}
            onSearch={searchFor}
            data-testid="inbox-search"
          />
          <Select
            allowClear
            aria-label={t('inbox.columns.step')}
            placeholder={t('inbox.anyStep')}
            value={filters.step}
            onChange={(step) => set({ step })}
            options={complaintSteps.map((step) => ({ value: step, label: t(`domain:step.${step}`) }))}
          />
          <Select
            allowClear
            aria-label={t('inbox.columns.severity')}
            placeholder={t('inbox.anySeverity')}
            value={filters.severity}
            onChange={(severity) => set({ severity })}
            options={severities.map((severity) => ({ value: severity, label: t(`domain:severity.${severity}`) }))}
          />
          <Input
            allowClear
            aria-label={t('inbox.supplier')}
            placeholder={t('inbox.supplier')}
            defaultValue={filters.supplierId}
            onPressEnter={(event) => set({ supplierId: event.currentTarget.value })}
          />
          {view !== 'mine' && (
            <Input
              allowClear
              aria-label={t('inbox.owner')}
              placeholder={t('inbox.owner')}
              defaultValue={filters.owner}
              onPressEnter={(event) => set({ owner: event.currentTarget.value })}
            />
          )}
          <Space.Compact>
            <Select
              aria-label={t('inbox.saved')}
              placeholder={t('inbox.saved')}
              value={null}
              style={{ minWidth: 140 }}
              onChange={(name: string) => {
                const chosen = saved.find((v) => v.name === name);
                if (chosen) setParams(new URLSearchParams(chosen.query));
              }}
              options={saved.map((v) => ({
                value: v.name,
                title: v.name,
                label: (
                  <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                    {v.name}
                    <Button
                      type="text"
                      size="small"
                      aria-label={t('inbox.forget', { name: v.name })}
                      onClick={(event) => {
                        event.stopPropagation();
                        setSaved(saveView(subject, v.name, undefined));
                      }}
                    >
                      ×
                    </Button>
                  </Space>
                ),
              }))}
              data-testid="saved-views"
            />
            <Button
              icon={<SaveOutlined />}
              aria-label={t('inbox.save')}
              title={t('inbox.save')}
              onClick={() => setNaming('')}
              data-testid="save-view"
            />
          </Space.Compact>
        </div>
        {(filters.causeCategory || filters.registeredFrom) && (
          <Space wrap data-testid="drill-filters">
            {filters.causeCategory && (
              <Tag closable onClose={() => set({ causeCategory: undefined })}>
                {t('inbox.cause', { cause: t(`domain:cause.${filters.causeCategory}`) })}
              </Tag>
            )}
            {filters.registeredFrom && (
              <Tag closable onClose={() => set({ registeredFrom: undefined, registeredTo: undefined })}>
                {t('inbox.registeredBetween', {
                  from: dayjs(filters.registeredFrom).format('YYYY-MM-DD'),
                  to: filters.registeredTo ? dayjs(filters.registeredTo).subtract(1, 'day').format('YYYY-MM-DD') : '…',
                })}
              </Tag>
            )}
          </Space>
        )}
        <Modal
          open={naming !== undefined}
          title={t('inbox.save')}
          onCancel={() => setNaming(undefined)}
          okButtonProps={{ disabled: !naming?.trim(), id: 'save-view-ok' }}
          onOk={() => {
            const name = naming!.trim();
            const query = new URLSearchParams(params);
            query.set('view', view);
            query.delete('cursor');
            setSaved(saveView(subject, name, query.toString()));
            setNaming(undefined);
            void message.success(t('inbox.saveDone', { name }));
          }}
        >
          <Input
            aria-label={t('inbox.saveName')}
            placeholder={t('inbox.saveName')}
            value={naming}
            maxLength={60}
            onChange={(event) => setNaming(event.target.value)}
            data-testid="save-view-name"
          />
        </Modal>
        {phone ? (
          <List<CaseListItem>
            loading={list.isLoading}
            dataSource={items}
            locale={{ emptyText: t('inbox.none') }}
            renderItem={(item) => <CaseCard item={item} now={now} />}
            pagination={false}
            footer={pager || undefined}
          />
        ) : (
          <Table<CaseListItem>
            rowKey="id"
            size="middle"
            loading={list.isLoading}
            dataSource={items}
            locale={{ emptyText: t('inbox.none') }}
            rowClassName={(_, index) => (index === selected ? 'row-selected' : '')}
            onRow={(item) => ({
              // The number and title are links (a new tab, a copied address); the rest of the row opens the case too.
              onClick: (event) => {
                if (!(event.target as HTMLElement).closest('a')) void navigate(casePath(item));
              },
              style: { cursor: 'pointer' },
            })}
            onChange={(_, __, sorter) => {
              const chosen = Array.isArray(sorter) ? sorter[0] : sorter;
              set({ sort: chosen?.order ? String(chosen.columnKey) : undefined });
            }}
            pagination={false}
            footer={pager ? () => pager : undefined}
            columns={[
              {
                key: 'number',
                title: t('inbox.columns.number'),
                sorter: true,
                sortOrder: sortOrder('number'),
                sortDirections: ['descend'],
                render: (_, item) => (
                  <Link to={casePath(item)} className="case-number">
                    {item.number ?? item.id.slice(0, 8)}
                  </Link>
                ),
              },
              {
                key: 'title',
                title: t('inbox.columns.title'),
                render: (_, item) => (
                  <Link to={casePath(item)} className="case-link">
                    <Typography.Text strong>{item.title}</Typography.Text>
                  </Link>
                ),
              },
              { key: 'customer', title: t('inbox.columns.customer'), render: (_, item) => item.customer.name },
              { key: 'step', title: t('inbox.columns.step'), render: (_, item) => <CaseStatusTag item={item} /> },
              {
                key: 'severity',
                title: t('inbox.columns.severity'),
                sorter: true,
                sortOrder: sortOrder('severity'),
                sortDirections: ['ascend'],
                render: (_, item) => <Severity item={item} />,
              },
              {
                key: 'owner',
                title: t('inbox.columns.owner'),
                render: (_, item) =>
                  item.owner ?? <Typography.Text type="secondary">{t('case.unassigned')}</Typography.Text>,
              },
              {
                key: 'dueAt',
                title: t('inbox.columns.due'),
                sorter: true,
                sortOrder: sortOrder('dueAt'),
                sortDirections: ['ascend'],
                render: (_, item) => <Due item={item} now={now} />,
              },
              {
                key: 'registeredAt',
                title: t('inbox.columns.registered'),
                sorter: true,
                sortOrder: sortOrder('registeredAt'),
                sortDirections: ['descend'],
                render: (_, item) => dayjs(item.registeredAt).format('YYYY-MM-DD HH:mm'),
              },
              {
                key: 'escalation',
                title: t('inbox.columns.escalation'),
                render: (_, item) => <Rung item={item} />,
              },
            ]}
          />
        )}
      </Space>
    </Card>
  );
};
