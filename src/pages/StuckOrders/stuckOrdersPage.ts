import { EmbeddedScene, SceneAppPage } from '@grafana/scenes';
import { FetcherFor, proxyFetcherFor } from '../../datasource/grafanaProxy';
import { ROUTES } from '../../constants';
import { OrderTrackerSettings } from '../../settings/types';
import { prefixRoute } from '../../utils/routing';
import { StuckOrdersScene } from './StuckOrdersScene';
import { timeRangeScene } from '../../scenes/timeRangeScene';

/**
 * The scene of the stuck-orders page. Only the time range's end matters ("now", and the refresh
 * picker): entries are searched from the oldest one Prometheus reports, not from the range's start.
 */
export function stuckOrdersScene(settings: OrderTrackerSettings, fetcherFor: FetcherFor = proxyFetcherFor): EmbeddedScene {
  const days = Math.max(1, Math.round(settings.lookbackSeconds / 86400));
  return timeRangeScene({ from: `now-${days}d`, body: new StuckOrdersScene({ settings, fetcherFor }) });
}

/** Orders whose current status is past its SLA. */
export function stuckOrdersPage(settings: OrderTrackerSettings, fetcherFor: FetcherFor = proxyFetcherFor): SceneAppPage {
  return new SceneAppPage({
    title: 'Stuck orders',
    subTitle: 'Orders whose current status is past its SLA, most overdue first, with the likely cause.',
    url: prefixRoute(ROUTES.Stuck),
    routePath: ROUTES.Stuck,
    getScene: () => stuckOrdersScene(settings, fetcherFor),
  });
}
