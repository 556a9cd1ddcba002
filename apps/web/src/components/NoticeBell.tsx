import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Empty, Grid, List, Popover, Space, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMarkNoticesRead, useNotices, type Notice } from '../api/notices.js';
import { instant } from './supplier/format.js';

/** A notice as a sentence in the reader's language: what happened, to which case. */
const sentenceOf = (notice: Notice, t: TFunction): string =>
  t(`notices.${notice.kind}`, {
    number: notice.number ?? notice.caseId.slice(0, 8),
    level: notice.level ?? '',
    role: notice.role ?? '',
  });

/**
 * The bell in the header: what concerns the signed-in person, the unread
 * count on it, newest first; opening a notice goes to its case, and "mark
 * all read" clears the count.
 */
export const NoticeBell = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const notices = useNotices(true);
  const markRead = useMarkNoticesRead();
  const [open, setOpen] = useState(false);
  // A phone has no room beside the bell: there the list slides in across the screen.
  const phone = !Grid.useBreakpoint().md;
  const items = notices.data?.items ?? [];
  const go = (notice: Notice) => {
    setOpen(false);
    void navigate(`/complaints/${notice.caseId}`);
  };
  const unread = notices.data?.unread ?? 0;
  const content = (
    <div style={{ width: phone ? '100%' : 360 }} data-testid="notices">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notices.none')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(notice, index) => (
            <List.Item
              data-testid="notice"
              role="link"
              tabIndex={0}
              style={{ cursor: 'pointer', paddingInline: 0 }}
              onClick={() => go(notice)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  go(notice);
                }
              }}
            >
              <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                <Typography.Text strong={index < unread} style={{ overflowWrap: 'anywhere' }}>
                  {sentenceOf(notice, t)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
                  {notice.title} · {instant(notice.at)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
  const title = (
    <Space style={{ width: '100%', justifyContent: 'space-between' }}>
      {t('notices.title')}
      <Button
        size="small"
        type="link"
        disabled={unread === 0 || items.length === 0}
        onClick={() => void markRead(items[0]!.position)}
        data-testid="notices-read"
      >
        {t('notices.markRead')}
      </Button>
    </Space>
  );
  const bell = (
    <Badge count={unread} size="small" offset={[-4, 4]}>
      <Button
        type="text"
        icon={<BellOutlined />}
        className="shell-icon"
        aria-label={t('notices.bell', { count: unread })}
        aria-expanded={open}
        onClick={phone ? () => setOpen(true) : undefined}
        data-testid="notice-bell"
      />
    </Badge>
  );
  if (phone)
    return (
      <>
        {bell}
        <Drawer open={open} onClose={() => setOpen(false)} placement="top" size="auto" title={title}>
          {content}
        </Drawer>
      </>
    );
  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" placement="bottomRight" title={title} content={content}>
      {bell}
    </Popover>
  );
};
