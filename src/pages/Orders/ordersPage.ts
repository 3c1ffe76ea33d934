import { EmbeddedScene, SceneAppPage, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { ROUTES } from '../../constants';
import { OrderTrackerSettings } from '../../settings/types';
import { prefixRoute } from '../../utils/routing';
import { orderPage } from '../Order/orderPage';
import { OrderSearchScene } from './OrderSearchScene';

/** The landing page (find an order) and, below it, every order's own page. */
export function ordersPage(settings: OrderTrackerSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'Find an order',
    subTitle: 'Type an order id to see where the order is, how long it has been there, and why it is late.',
    url: prefixRoute(ROUTES.Orders),
    routePath: `${ROUTES.Orders}/*`,
    getScene: () =>
      new EmbeddedScene({
        body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: new OrderSearchScene() })] }),
      }),
    drilldowns: [
      {
        // react-router hands the id over already decoded; it is not decoded again.
        routePath: ':orderId/*',
        getPage: (match, parent) => orderPage(match.params.orderId ?? '', parent, settings),
      },
    ],
  });
}
