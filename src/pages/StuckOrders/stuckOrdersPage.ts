import {
  EmbeddedScene,
  SceneAppPage,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
} from '@grafana/scenes';
import { ROUTES } from '../../constants';
import { OrderTrackerSettings } from '../../settings/types';
import { prefixRoute } from '../../utils/routing';
import { StuckOrdersScene } from './StuckOrdersScene';

/** The scene of the stuck-orders page; the time range bounds the traces searched (the lookback by default). */
export function stuckOrdersScene(settings: OrderTrackerSettings): EmbeddedScene {
  const days = Math.max(1, Math.round(settings.lookbackSeconds / 86400));
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: `now-${days}d`, to: 'now' }),
    controls: [
      new SceneControlsSpacer(),
      new SceneTimePicker({ isOnCanvas: true }),
      new SceneRefreshPicker({ isOnCanvas: true }),
    ],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [new SceneFlexItem({ body: new StuckOrdersScene({ settings }) })],
    }),
  });
}

/** Orders whose current status is past its SLA. */
export function stuckOrdersPage(settings: OrderTrackerSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'Stuck orders',
    subTitle: 'Orders whose current status is past its SLA, with the likely cause.',
    url: prefixRoute(ROUTES.Stuck),
    routePath: ROUTES.Stuck,
    getScene: () => stuckOrdersScene(settings),
  });
}
