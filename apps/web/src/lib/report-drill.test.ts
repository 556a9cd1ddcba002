import { describe, expect, it } from 'vitest';
import { drillDown } from './report-drill.js';

describe('a report bar drilled down to its cases', () => {
  it('lists every case of a cause', () => {
    const rows = [
      { causeCategory: 'material', count: 3 },
      { causeCategory: 'method', count: 1 },
    ];
    expect(drillDown('causePareto', rows, { dataIndex: 1 }, 'month')?.toString()).toBe(
      'view=everything&causeCategory=method',
    );
  });

  it('lists the cases of a severity registered in the bar’s period', () => {
    const rows = [
      { period: '2026-11-01', severity: 'high', compliance: 1 },
      { period: '2026-12-01', severity: 'normal', compliance: 0.5 },
    ];
    const query = drillDown('slaCompliance', rows, { dataIndex: 1, seriesId: 'normal' }, 'month')!;
    expect(query.get('severity')).toBe('normal');
    expect(new Date(query.get('registeredTo')!).getTime() - new Date(query.get('registeredFrom')!).getTime()).toBe(
      31 * 24 * 3_600_000,
    );
    expect(drillDown('timeInStep', rows, { dataIndex: 0 }, 'month')).toBeUndefined();
  });
});
