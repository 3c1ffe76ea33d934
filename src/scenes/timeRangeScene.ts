import {
  EmbeddedScene,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneObject,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
} from '@grafana/scenes';

/**
 * The frame the operations pages share: a time range (from the URL or `from`), optional variables
 * with their selectors, the time and refresh pickers, and one body filling the page.
 */
export function timeRangeScene(options: { from: string; variables?: SceneVariableSet; body: SceneObject }): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: options.from, to: 'now' }),
    $variables: options.variables,
    controls: [
      ...(options.variables ? [new VariableValueSelectors({})] : []),
      new SceneControlsSpacer(),
      new SceneTimePicker({ isOnCanvas: true }),
      new SceneRefreshPicker({ isOnCanvas: true }),
    ],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [new SceneFlexItem({ body: options.body })],
    }),
  });
}
