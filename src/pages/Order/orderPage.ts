import { EmbeddedScene, SceneAppPage, SceneAppPageLike, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { orderPageUrl } from '../../constants';
import { OrderTrackerSettings } from '../../settings/types';
import { OrderSearchScene } from '../Orders/OrderSearchScene';

/** One order's page: `/a/<plugin-id>/orders/<orderId>`, shareable. */
export function orderPage(orderId: string, parent: SceneAppPageLike, _settings: OrderTrackerSettings): SceneAppPage {
  return new SceneAppPage({
    title: `Order ${orderId}`,
    url: orderPageUrl(orderId),
    routePath: '*',
    getParentPage: () => parent,
    getScene: () =>
      new EmbeddedScene({
        body: new SceneFlexLayout({
          direction: 'column',
          children: [new SceneFlexItem({ body: new OrderSearchScene({ query: orderId }) })],
        }),
      }),
  });
}

