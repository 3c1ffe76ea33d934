import React, { Suspense, lazy } from 'react';
import { AppPlugin, type AppRootProps } from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';
import { config, getBackendSrv, hasPermission } from '@grafana/runtime';
import { loadResources } from '@grafana/scenes';
import { LoadingPlaceholder } from '@grafana/ui';
import type { AppConfigProps } from './components/AppConfig/AppConfig';
import type { StoredSettings } from './settings/types';
import { loadOrderIdKey, orderIdKey } from './extensions/orderIdKey';
import { orderLinks } from './extensions/orderLinks';
import pluginJson from 'plugin.json';

await initPluginTranslations(pluginJson.id, [loadResources]);

const LazyApp = lazy(() => import('./components/App/App'));
const LazyAppConfig = lazy(() => import('./components/AppConfig/AppConfig'));

const App = (props: AppRootProps<StoredSettings>) => (
  <Suspense fallback={<LoadingPlaceholder text="Loading Order Tracker…" />}>
    <LazyApp {...props} />
  </Suspense>
);

const AppConfig = (props: AppConfigProps) => (
  <Suspense fallback={<LoadingPlaceholder text="Loading settings…" />}>
    <LazyAppConfig {...props} />
  </Suspense>
);

// Not awaited: the links answer with the default key until the settings arrive, rather than hold up
// Grafana while it loads this module for a trace view.
void loadOrderIdKey(async () => {
  const answer = await getBackendSrv().get<{ jsonData?: unknown }>(
    `/api/plugins/${pluginJson.id}/settings`,
    undefined,
    undefined,
    {
      showErrorAlert: false,
    }
  );
  return answer.jsonData;
});

const links = orderLinks({
  has: hasPermission,
  orderIdKey,
  appSubUrl: () => config.appSubUrl ?? '',
  open: (url) => window.open(url, '_blank', 'noopener'),
});

export const plugin = new AppPlugin<StoredSettings>()
  .setRootPage(App)
  .addConfigPage({
    title: 'Configuration',
    icon: 'cog',
    body: AppConfig,
    id: 'configuration',
  })
  .addLink(links.traceHeader)
  .addLink(links.traceHeaderMore)
  .addLink(links.attributeRow);
