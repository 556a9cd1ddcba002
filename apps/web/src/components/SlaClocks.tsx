import { Empty, Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../lib/duration.js';
import { readClock, type ClockTone, type SlaClock } from '../lib/clocks.js';

const strokeOf: Record<ClockTone, string> = {
  ok: '#52c41a',
  warning: '#faad14',
  danger: '#ff4d4f',
  paused: '#8c8c8c',
  stopped: '#bfbfbf',
};

/** Every clock of a case: time left (or over), share of its target used, coloured as it nears its breach. */
export const SlaClocks = ({
  clocks,
  now,
  pausedBecause,
}: {
  clocks: readonly SlaClock[];
  now: number;
  /** Why the clocks stand still, in the reader's words, where the case waits on the customer for a reason. */
  pausedBecause?: string;
}) => {
  const { t, i18n } = useTranslation();
  // Containment first while it runs: protecting the customer comes before everything else.
  const shown = clocks
    .filter((clock) => !clock.stoppedAt)
    .sort((a, b) => Number(b.id === 'containment') - Number(a.id === 'containment'));
  if (shown.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.noClock')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {shown.map((clock) => {
        const reading = readClock(clock, now);
        const name =
          reading.kind === 'step'
            ? `${t('domain:clock.step')} · ${t(`domain:step.${reading.step}`)}`
            : t(`domain:clock.${reading.kind}`);
        return (
          <div key={clock.id} data-testid={`clock-${clock.id}`} data-tone={reading.tone}>
            {/* On a phone the reason a clock stands still goes under its name, not through it. */}
            <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap size={[8, 2]}>
              <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                {name}
              </Typography.Text>
              <Space size={4} wrap style={{ justifyContent: 'flex-end' }}>
                {reading.tone === 'paused' && (
                  <Tag data-testid="clock-paused">
                    {pausedBecause ? t('case.pausedBecause', { reason: pausedBecause }) : t('case.paused')}
                  </Tag>
                )}
                <Typography.Text
                  type={reading.tone === 'danger' ? 'danger' : reading.tone === 'warning' ? 'warning' : undefined}
                >
                  {reading.overByMs > 0
                    ? t('case.over', { time: formatDuration(reading.overByMs, i18n.language) })
                    : t('case.left', { time: formatDuration(reading.remainingMs, i18n.language) })}
                </Typography.Text>
              </Space>
            </Space>
            <Progress
              percent={Math.min(reading.percentUsed, 100)}
              strokeColor={strokeOf[reading.tone]}
              // Past 100% antd would call the bar a success and colour its text green: a breach is no success.
              status={reading.tone === 'danger' ? 'exception' : 'normal'}
              format={() => t('case.used', { percent: reading.percentUsed })}
              size="small"
            />
          </div>
        );
      })}
    </Space>
  );
};
