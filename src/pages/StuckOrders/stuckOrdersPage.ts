import { EmbeddedScene, SceneAppPage } from '@grafana/scenes';
import { FetcherFor, proxyFetcherFor } from '../../datasource/grafanaProxy';
import { ROUTES } from '../../constants';
import { OrderTrackerSettings } from '../../settings/types';
import { prefixRoute } from '../../utils/routing';
import { StuckOrdersScene } from './StuckOrdersScene';
import { timeRangeScene } from '../../scenes/timeRangeScene';

/** The scene of the stuck-orders page; the time range bounds the traces searched (the lookback by default). */
export function stuckOrdersScene(settings: OrderTrackerSettings, fetcherFor: FetcherFor = proxyFetcherFor): EmbeddedScene {
  const days = Math.max(1, Math.round(settings.lookbackSeconds / 86400));
  return timeRangeScene({ from: `now-${days}d`, body: new StuckOrdersScene({ settings, fetcherFor }) });
}

/** Orders whose current status is past its SLA. */
export function stuckOrdersPage(settings: OrderTrackerSettings, fetcherFor: FetcherFor = proxyFetcherFor): SceneAppPage {
  return new SceneAppPage({
    title: 'Stuck orders',
    subTitle: 'Orders whose current status is past its SLA, with the likely cause.',
    url: prefixRoute(ROUTES.Stuck),
    routePath: ROUTES.Stuck,
    getScene: () => stuckOrdersScene(settings, fetcherFor),
  });
}
