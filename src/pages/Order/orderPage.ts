import { EmbeddedScene, SceneAppPage, SceneAppPageLike } from '@grafana/scenes';
import { FetcherFor, proxyFetcherFor } from '../../datasource/grafanaProxy';
import { orderPageUrl } from '../../constants';
import { OrderTrackerSettings } from '../../settings/types';
import { OrderScene } from './OrderScene';

/** One order's page: `/a/<plugin-id>/orders/<orderId>`, shareable (the window and open trace are in the URL too). */
export function orderPage(
  orderId: string,
  parent: SceneAppPageLike,
  settings: OrderTrackerSettings,
  fetcherFor: FetcherFor = proxyFetcherFor
): SceneAppPage {
  return new SceneAppPage({
    title: `Order ${orderId}`,
    url: orderPageUrl(orderId),
    routePath: '*',
    getParentPage: () => parent,
    getScene: () => new EmbeddedScene({ body: new OrderScene({ orderId, settings, fetcherFor }) }),
  });
}
