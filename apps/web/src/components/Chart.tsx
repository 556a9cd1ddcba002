import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

// Only what the reports draw: this module (and echarts with it) loads with the report page alone.
echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** One chart, redrawn when its option changes and resized with its box. */
export const Chart = ({
  option,
  height = 280,
  dark,
  testId,
  onPick,
}: {
  option: EChartsCoreOption;
  height?: number;
  dark?: boolean;
  testId?: string;
  /** A bar clicked: its series id and place on the axis. */
  onPick?: (point: { seriesId?: string; dataIndex: number }) => void;
}) => {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(box.current!, dark ? 'dark' : undefined, { renderer: 'canvas' });
    chart.setOption({ backgroundColor: 'transparent', ...option });
    if (onPick) chart.on('click', (params) => onPick({ seriesId: params.seriesId, dataIndex: params.dataIndex }));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(box.current!);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [option, dark, onPick]);
  return (
    <div ref={box} style={{ height, width: '100%', cursor: onPick ? 'pointer' : undefined }} data-testid={testId} />
  );
};
