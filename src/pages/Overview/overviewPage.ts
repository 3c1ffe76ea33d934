import { DataSourceVariable, EmbeddedScene, SceneAppPage, SceneVariableSet } from '@grafana/scenes';
import { FetcherFor, proxyFetcherFor } from '../../datasource/grafanaProxy';
import { ROUTES } from '../../constants';
import { OrderTrackerSettings } from '../../settings/types';
import { prefixRoute } from '../../utils/routing';
import { OverviewScene } from './OverviewScene';
import { PROMETHEUS_VARIABLE } from './panels';
import { timeRangeScene } from '../../scenes/timeRangeScene';

/** The overview scene: time range and Prometheus datasource from the controls and the URL. */
export function overviewScene(settings: OrderTrackerSettings, fetcherFor: FetcherFor = proxyFetcherFor): EmbeddedScene {
  return timeRangeScene({
    from: 'now-7d',
    variables: settings.prometheusDatasourceUid
      ? new SceneVariableSet({
          variables: [
            new DataSourceVariable({
              name: PROMETHEUS_VARIABLE,
              label: 'Prometheus',
              pluginId: 'prometheus',
              value: settings.prometheusDatasourceUid,
            }),
          ],
        })
      : undefined,
    body: new OverviewScene({ settings, fetcherFor }),
  });
}

/** All orders at once: per status now and over time, time in status, lead time. */
export function overviewPage(settings: OrderTrackerSettings, fetcherFor: FetcherFor = proxyFetcherFor): SceneAppPage {
  return new SceneAppPage({
    title: 'Overview',
    subTitle: 'Orders per status, time in each status against its SLA, and where the lead time goes.',
    url: prefixRoute(ROUTES.Overview),
    routePath: ROUTES.Overview,
    getScene: () => overviewScene(settings, fetcherFor),
  });
}
