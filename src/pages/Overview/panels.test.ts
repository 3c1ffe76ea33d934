import { getDefaultTimeRange } from '@grafana/data';
import { SceneDataNode, SceneFlexItem, SceneFlexLayout, SceneQueryRunner, VizPanel } from '@grafana/scenes';
import { OrderIndex } from '../../engine';
import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { timeInStatusHeatmap } from '../../queries/promql';
import { metricsPanels, traceOnlyPanels } from './panels';

const lifecycle = DEFAULT_SETTINGS.lifecycle;
const statusesWithSla = lifecycle.filter((status) => !status.terminal && status.slaSeconds !== null);

function vizPanels(layout: SceneFlexLayout): VizPanel[] {
  return layout.state.children.flatMap((child) => {
    if (child instanceof SceneFlexLayout) {
      return vizPanels(child);
    }
    const body = child instanceof SceneFlexItem ? child.state.body : undefined;
    return body instanceof VizPanel ? [body] : [];
  });
}

function heatmaps(layout: SceneFlexLayout): VizPanel[] {
  return vizPanels(layout).filter((panel) => panel.state.pluginId === 'heatmap');
}

const emptyIndex: OrderIndex = {
  windowStartUs: 0,
  windowEndUs: 1,
  orders: [],
  timeInStatus: {},
  truncated: false,
  warnings: [],
};

describe('per-status heatmaps', () => {
  it('draw Prometheus buckets as they are, one per status with an SLA', () => {
    const panels = heatmaps(metricsPanels(lifecycle));
    expect(panels.map((panel) => panel.state.title)).toEqual(
      statusesWithSla.map((status) => expect.stringMatching(new RegExp(`^Time in ${status.name} — SLA `)))
    );
    for (const [index, panel] of panels.entries()) {
      expect(panel.state.options).toMatchObject({ calculate: false, yAxis: { unit: 's' } });
      const runner = panel.state.$data;
      expect(runner).toBeInstanceOf(SceneQueryRunner);
      expect((runner as SceneQueryRunner).state.queries[0]).toMatchObject({
        expr: timeInStatusHeatmap(statusesWithSla[index].name),
        format: 'heatmap',
        legendFormat: '{{le}}',
      });
    }
  });

  it('bucket the trace samples in the panel in trace-only mode', () => {
    const panels = heatmaps(traceOnlyPanels(emptyIndex, lifecycle, getDefaultTimeRange()));
    expect(panels.map((panel) => panel.state.title)).toEqual(
      statusesWithSla.map((status) =>
        expect.stringMatching(new RegExp(`^Time in ${status.name} — SLA .*\\(from traces\\)$`))
      )
    );
    for (const panel of panels) {
      expect(panel.state.options).toMatchObject({ calculate: true, yAxis: { unit: 's' } });
      expect(panel.state.$data).toBeInstanceOf(SceneDataNode);
    }
  });
});
