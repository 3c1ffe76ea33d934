import React, { useMemo } from 'react';
import { AppRootProps } from '@grafana/data';
import { SceneApp } from '@grafana/scenes';
import { can } from '../../access/permissions';
import { proxyFetcherFor } from '../../datasource/grafanaProxy';
import { orderPage } from '../../pages/Order/orderPage';
import { ordersPage } from '../../pages/Orders/ordersPage';
import { overviewPage } from '../../pages/Overview/overviewPage';
import { stuckOrdersPage } from '../../pages/StuckOrders/stuckOrdersPage';
import { parseSettings } from '../../settings/parseSettings';
import { OrderTrackerSettings, StoredSettings } from '../../settings/types';
import { PluginPropsContext } from '../../utils/utils.plugin';
import { AccessDenied } from '../states/AccessDenied';

function buildSceneApp(settings: OrderTrackerSettings): SceneApp {
  // Every page reaches Jaeger and Prometheus through Grafana's datasource proxy.
  const fetcherFor = proxyFetcherFor;
  return new SceneApp({
    pages: [
      ordersPage((orderId, parent) => orderPage(orderId, parent, settings, fetcherFor)),
      overviewPage(settings, fetcherFor),
      stuckOrdersPage(settings, fetcherFor),
    ],
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
  });
}

function AppScenes({ settings }: { settings: OrderTrackerSettings }) {
  // One SceneApp per settings value: a scene instance is never shared between two app mounts.
  const scene = useMemo(() => buildSceneApp(settings), [settings]);
  return <scene.Component model={scene} />;
}

function App(props: AppRootProps<StoredSettings>) {
  const { settings } = useMemo(() => parseSettings(props.meta.jsonData), [props.meta.jsonData]);
  if (!can('viewOrders')) {
    return <AccessDenied capability="viewOrders" />;
  }
  return (
    <PluginPropsContext.Provider value={props}>
      <AppScenes settings={settings} />
    </PluginPropsContext.Provider>
  );
}

export default App;
