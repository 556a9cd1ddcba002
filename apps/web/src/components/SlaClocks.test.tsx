import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { i18next, initI18n } from '../i18n/index.js';
import type { SlaClock } from '../lib/clocks.js';
import { SlaClocks } from './SlaClocks.js';

const now = Date.parse('2026-12-01T12:00:00Z');
const clock = (id: SlaClock['id'], dueInMs: number, overrides: Partial<SlaClock> = {}): SlaClock => ({
  id,
  targetMs: 4 * 3_600_000,
  startedAt: new Date(now - 4 * 3_600_000 + dueInMs).toISOString(),
  spentMs: 0,
  runningSince: new Date(now - 4 * 3_600_000 + dueInMs).toISOString(),
  dueAt: new Date(now + dueInMs).toISOString(),
  warned: false,
  breached: false,
  level: 0,
  elapsedMs: 0,
  remainingMs: dueInMs,
  overdue: false,
  warningRatio: 0.8,
  warnAtMs: 0.8 * 4 * 3_600_000,
  warnAt: new Date(now - 0.8 * 3_600_000 + dueInMs).toISOString(),
  ...overrides,
});

describe('the SLA clocks of a case', () => {
  beforeAll(() => initI18n('en'));
  afterEach(cleanup);

  it('shows each running clock with its time left or over, coloured by how near its breach it is', async () => {
    await i18next.changeLanguage('en');
    render(<SlaClocks clocks={[clock('acknowledge', -30 * 60_000), clock('step:analyse', 3 * 3_600_000)]} now={now} />);
    expect(screen.getByTestId('clock-acknowledge').dataset.tone).toBe('danger');
    expect(screen.getByTestId('clock-acknowledge').textContent).toContain('Acknowledge');
    expect(screen.getByTestId('clock-acknowledge').textContent).toContain('30 min over');
    expect(screen.getByTestId('clock-step:analyse').dataset.tone).toBe('ok');
    expect(screen.getByTestId('clock-step:analyse').textContent).toContain('Current step · Analyse');
    expect(screen.getByTestId('clock-step:analyse').textContent).toContain('3 h left');
  });

  it('shows a clock far past its target in red, never as a success', async () => {
    await i18next.changeLanguage('en');
    render(<SlaClocks clocks={[clock('case', -(4 * 3_600_000 + 3_600_000) * 1.42 + 4 * 3_600_000)]} now={now} />);
    const breached = screen.getByTestId('clock-case');
    expect(breached.textContent).toMatch(/\d{3}% used/);
    expect(breached.querySelector('.ant-progress-status-success')).toBeNull();
    expect(breached.querySelector('.ant-progress-status-exception')).not.toBeNull();
  });

  it('speaks Chinese, and says so when no clock runs', async () => {
    await i18next.changeLanguage('zh-CN');
    render(
      <SlaClocks
        clocks={[clock('step:verify', 60 * 60_000), clock('case', 0, { stoppedAt: new Date(now).toISOString() })]}
        now={now}
      />,
    );
    expect(screen.getByTestId('clock-step:verify').textContent).toContain('当前步骤 · 验证');
    expect(screen.getByTestId('clock-step:verify').textContent).toContain('剩余 1小时');
    expect(screen.queryByTestId('clock-case')).toBeNull();
    cleanup();
    render(<SlaClocks clocks={[]} now={now} />);
    expect(screen.getByText('没有正在计时的时限')).toBeTruthy();
  });
});
