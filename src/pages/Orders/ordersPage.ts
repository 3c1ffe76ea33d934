import { EmbeddedScene, SceneAppPage, SceneAppPageLike, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { orderIdFromSegment, ROUTES } from '../../constants';
import { prefixRoute } from '../../utils/routing';
import { OrderSearchScene } from '../../components/OrderSearch/OrderSearchScene';
import { OrderListScene } from '../../components/OrderSearch/OrderListScene';

/** Builds one order's page below the landing page (the app passes the order page's factory). */
export type OrderPageFor = (orderId: string, parent: SceneAppPageLike) => SceneAppPage;

/** The landing page (find an order) and, below it, every order's own page. */
export function ordersPage(orderPageFor: OrderPageFor): SceneAppPage {
  return new SceneAppPage({
    title: 'Find an order',
    subTitle: 'Type an order id to see where the order is, how long it has been there, and why it is late.',
    url: prefixRoute(ROUTES.Orders),
    routePath: `${ROUTES.Orders}/*`,
    getScene: () =>
      new EmbeddedScene({
        body: new SceneFlexLayout({
          direction: 'column',
          children: [
            new SceneFlexItem({ body: new OrderSearchScene() }),
            // The orders of a trace that touched several (Grafana's trace view links here).
            new SceneFlexItem({ body: new OrderListScene() }),
          ],
        }),
      }),
    drilldowns: [
      {
        // react-router hands the segment over already decoded; only a spelled-out id is read back.
        routePath: ':orderId/*',
        getPage: (match, parent) => orderPageFor(orderIdFromSegment(match.params.orderId ?? ''), parent),
      },
    ],
  });
}
