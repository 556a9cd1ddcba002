import { List, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { DueTimeChange, WhatIfReport } from '../api/policies.js';
import { casePath } from '../lib/case-path.js';
import { clockName } from '../lib/timeline.js';
import { dueTimeShown, whatIfChanges } from '../lib/what-if.js';

/** A due time that breaks, on a phone, between its date and its weekday and hour, never inside either. */
const DueTime = ({ at }: { at: string | null }) => {
  const { t } = useTranslation();
  const [date, ...rest] = dueTimeShown(at, t).split(' ');
  return (
    <>
      <span style={{ whiteSpace: 'nowrap' }}>{date}</span>{' '}
      <span style={{ whiteSpace: 'nowrap' }}>{rest.join(' ')}</span>
    </>
  );
};

/** The clocks of one case that the other policy would make due at other times: as it ran, and under the policy. */
const DueTimes = ({ dueTimes }: { dueTimes: readonly DueTimeChange[] }) => {
  const { t } = useTranslation();
  return (
    <Table<DueTimeChange>
      size="small"
      pagination={false}
      rowKey="clock"
      className="what-if-due-times"
      dataSource={[...dueTimes]}
      data-testid="what-if-due-times"
      columns={[
        {
          title: t('admin.whatIfCases.clock'),
          dataIndex: 'clock',
          render: (clock: string) => <span style={{ whiteSpace: 'nowrap' }}>{clockName(t, clock)}</span>,
        },
        {
          title: t('admin.whatIfCases.dueActual'),
          dataIndex: 'actual',
          render: (at: string | null) => <DueTime at={at} />,
        },
        {
          title: t('admin.whatIfCases.dueHypothetical'),
          dataIndex: 'hypothetical',
          render: (at: string | null) => (
            <Typography.Text strong>
              <DueTime at={at} />
            </Typography.Text>
          ),
        },
      ]}
    />
  );
};

/** The cases the other policy would have treated differently, each a link, with what would have changed and the due times it moves. */
export const WhatIfCases = ({ report }: { report: WhatIfReport }) => {
  const { t } = useTranslation();
  const changed = report.cases.filter((item) => item.changed);
  return (
    <List
      size="small"
      bordered
      header={<Typography.Text strong>{t('admin.whatIfCases.title', { count: changed.length })}</Typography.Text>}
      dataSource={changed}
      locale={{ emptyText: t('admin.whatIfCases.none') }}
      pagination={changed.length > 10 ? { pageSize: 10, size: 'small' } : false}
      data-testid="what-if-cases"
      renderItem={(item) => (
        <List.Item style={{ display: 'block' }}>
          <Typography.Text>
            <Link to={casePath({ id: item.complaintId, number: item.number })}>
              {item.number ?? item.complaintId.slice(0, 8)}
            </Link>{' '}
            <Tag>{t(`domain:severity.${item.severity}`)}</Tag>
            {whatIfChanges(item, t).join(t('admin.whatIfCases.separator'))}
          </Typography.Text>
          {item.dueTimes.length > 0 && <DueTimes dueTimes={item.dueTimes} />}
        </List.Item>
      )}
    />
  );
};
