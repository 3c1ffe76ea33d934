import { EmbeddedScene, SceneAppPage, SceneFlexLayout } from '@grafana/scenes';
import { ROUTES } from '../../constants';
import { OrderTrackerSettings } from '../../settings/types';
import { prefixRoute } from '../../utils/routing';

/** Orders whose current status is past its SLA. */
export function stuckOrdersPage(_settings: OrderTrackerSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'Stuck orders',
    subTitle: 'Orders whose current status is past its SLA, with the likely cause.',
    url: prefixRoute(ROUTES.Stuck),
    routePath: ROUTES.Stuck,
    getScene: () => new EmbeddedScene({ body: new SceneFlexLayout({ children: [] }) }),
  });
}
