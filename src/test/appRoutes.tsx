import React from 'react';
import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useParams } from 'react-router-dom';
import { SceneAppPage, type SceneAppDrilldownView, type SceneAppPageLike } from '@grafana/scenes';
import { PLUGIN_BASE_URL } from '../constants';
import { landingPage } from '../pages/Landing/landingPage';
import { ordersPage } from '../pages/Orders/ordersPage';
import { overviewPage } from '../pages/Overview/overviewPage';
import { stuckOrdersPage } from '../pages/StuckOrders/stuckOrdersPage';
import { DEFAULT_SETTINGS } from '../settings/defaults';

/** Where a URL lands in the app: the page that renders and what it reads from the URL. */
export interface AppRoute {
  /** The rendering page's own URL (`state.url` of its SceneAppPage). */
  pageUrl: string;
  title: string;
  /** For an order's page: the id the page was built for, as react-router handed it over. */
  orderId?: string;
  query: URLSearchParams;
}

const ORDER_PAGE = 'order-page:';

/** The app's pages, built by the factories the app uses; an order's page records its id. */
function appPages(): SceneAppPage[] {
  const orderPage = (orderId: string, parent: SceneAppPageLike) =>
    new SceneAppPage({
      title: `Order ${orderId}`,
      url: `${ORDER_PAGE}${orderId}`,
      routePath: '*',
      getParentPage: () => parent,
      getScene: () => {
        throw new Error('the route resolver never renders a page');
      },
    });
  return [ordersPage(orderPage), overviewPage(DEFAULT_SETTINGS), stuckOrdersPage(DEFAULT_SETTINGS), landingPage()];
}

type Found = (page: SceneAppPageLike) => void;

function PageProbe({ page, found }: { page: SceneAppPageLike; found: Found }) {
  found(page);
  return null;
}

function DrilldownProbe(props: { drilldown: SceneAppDrilldownView; parent: SceneAppPageLike; found: Found }) {
  const params = useParams();
  const { drilldown, parent, found } = props;
  found(drilldown.getPage({ params, isExact: true, path: drilldown.routePath, url: '' }, parent));
  return null;
}

/**
 * Resolves a URL (with Grafana's sub-path and any query) through react-router the way Grafana and
 * the app do: Grafana mounts the app at `/a/<plugin-id>/`, the SceneApp's `<Routes>` match the
 * pages' `routePath`s, and a page with drill-downs matches their `routePath`s or its home route `/`
 * in its own `<Routes>`. Undefined when no page of the app would render.
 */
export function resolveAppRoute(url: string, appSubUrl = ''): AppRoute | undefined {
  const parsed = new URL(url, 'http://grafana.invalid');
  const base = `${appSubUrl}${PLUGIN_BASE_URL}`;
  if (parsed.pathname !== base && !parsed.pathname.startsWith(`${base}/`)) {
    return undefined;
  }
  let rendered: SceneAppPageLike | undefined;
  const found: Found = (page) => {
    rendered = page;
  };
  const { unmount } = render(
    <MemoryRouter initialEntries={[`${parsed.pathname.slice(base.length) || '/'}${parsed.search}`]}>
      <Routes>
        {appPages().map((page) => (
          <Route
            key={page.state.url}
            path={page.state.routePath}
            element={
              page.state.drilldowns?.length ? (
                <Routes>
                  {page.state.drilldowns.map((drilldown) => (
                    <Route
                      key={drilldown.routePath}
                      path={drilldown.routePath}
                      element={<DrilldownProbe drilldown={drilldown} parent={page} found={found} />}
                    />
                  ))}
                  <Route path="/" element={<PageProbe page={page} found={found} />} />
                </Routes>
              ) : (
                <PageProbe page={page} found={found} />
              )
            }
          />
        ))}
      </Routes>
    </MemoryRouter>
  );
  unmount();
  const page: SceneAppPageLike | undefined = rendered;
  if (!page) {
    return undefined;
  }
  const pageUrl = page.state.url;
  return {
    pageUrl,
    title: page.state.title,
    orderId: pageUrl.startsWith(ORDER_PAGE) ? pageUrl.slice(ORDER_PAGE.length) : undefined,
    query: parsed.searchParams,
  };
}
