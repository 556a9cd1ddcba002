import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseListItem } from '../api/types.js';

/** Where a listed case stands: the step of an open case, or how a closed one ended. */
export const CaseStatusTag = ({ item }: { item: Pick<CaseListItem, 'status' | 'step'> }) => {
  const { t } = useTranslation();
  return item.status === 'open' ? (
    item.step && <Tag>{t(`domain:step.${item.step}`)}</Tag>
  ) : (
    <Tag color="default">{t(`domain:status.${item.status}`)}</Tag>
  );
};
