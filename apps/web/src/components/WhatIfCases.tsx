import { List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { WhatIfReport } from '../api/policies.js';
import { casePath } from '../lib/case-path.js';
import { whatIfChanges } from '../lib/what-if.js';

/** The cases the other policy would have treated differently, each a link, with what would have changed. */
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
        <List.Item>
          <Typography.Text>
            <Link to={casePath({ id: item.complaintId, number: item.number })}>
              {item.number ?? item.complaintId.slice(0, 8)}
            </Link>{' '}
            <Tag>{t(`domain:severity.${item.severity}`)}</Tag>
            {whatIfChanges(item, t).join(t('admin.whatIfCases.separator'))}
          </Typography.Text>
        </List.Item>
      )}
    />
  );
};
