import React, { useMemo } from 'react';
import { AppRootProps } from '@grafana/data';
import { SceneApp } from '@grafana/scenes';
import { can } from '../../access/permissions';
import { proxyFetcherFor } from '../../datasource/grafanaProxy';
import { landingPage } from '../../pages/Landing/landingPage';
import { orderPage } from '../../pages/Order/orderPage';
import { ordersPage } from '../../pages/Orders/ordersPage';
import { overviewPage } from '../../pages/Overview/overviewPage';
import { stuckOrdersPage } from '../../pages/StuckOrders/stuckOrdersPage';
import { parseSettings } from '../../settings/parseSettings';
import { OrderTrackerSettings, SettingsProblem, StoredSettings } from '../../settings/types';
import { testIds } from '../../utils/testIds';
import { CONFIG_PAGE_URL } from '../../constants';
import { Alert, TextLink } from '@grafana/ui';
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
      // The root and unknown paths: react-router ranks its `*` below every other page.
      landingPage(),
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
  const { settings, problems } = useMemo(() => parseSettings(props.meta.jsonData), [props.meta.jsonData]);
  if (!can('viewOrders')) {
    return <AccessDenied capability="viewOrders" />;
  }
  return (
    <PluginPropsContext.Provider value={props}>
      {problems.length > 0 && can('editConfig') && <SettingsProblems problems={problems} />}
      <AppScenes settings={settings} />
    </PluginPropsContext.Provider>
  );
}

/**
 * Provisioned settings an admin cannot see being repaired change what every page shows (a status's
 * SLA dropped, a pattern replaced): admins see the list on the pages themselves.
 */
function SettingsProblems({ problems }: { problems: SettingsProblem[] }) {
  return (
    <Alert severity="warning" title="The Order Tracker settings have problems; the pages use repaired values" data-testid={testIds.settingsProblems}>
      <ul>
        {problems.slice(0, 10).map((problem, index) => (
          <li key={index}>
            <code>{problem.field}</code> {problem.message}
          </li>
        ))}
      </ul>
      <TextLink href={CONFIG_PAGE_URL}>Fix them in the configuration</TextLink>
    </Alert>
  );
}

export default App;
