import { EmbeddedScene, SceneAppPage, SceneFlexLayout } from '@grafana/scenes';
import { ROUTES } from '../../constants';
import { OrderTrackerSettings } from '../../settings/types';
import { prefixRoute } from '../../utils/routing';

/** All orders at once: per status now and over time, time in status, lead time. */
export function overviewPage(_settings: OrderTrackerSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'Overview',
    subTitle: 'Orders per status, time in each status against its SLA, and where the lead time goes.',
    url: prefixRoute(ROUTES.Overview),
    routePath: ROUTES.Overview,
    getScene: () => new EmbeddedScene({ body: new SceneFlexLayout({ children: [] }) }),
  });
}
