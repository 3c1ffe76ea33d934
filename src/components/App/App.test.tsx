import React from 'react';
import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { AppPluginMeta, AppRootProps, PluginType } from '@grafana/data';
import { LocationServiceProvider, locationService } from '@grafana/runtime';
import { ACTIONS } from '../../access/access';
import { StoredSettings } from '../../settings/types';
import { testIds } from '../../utils/testIds';
import App from './App';

const granted = new Set<string>();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  hasPermission: (action: string) => granted.has(action),
}));

function renderApp(jsonData: StoredSettings, at = '/a/alexandrite-ordertracker-app/orders') {
  const meta = {
    id: 'alexandrite-ordertracker-app',
    name: 'Order Tracker',
    type: PluginType.app,
    enabled: true,
    jsonData,
    info: {} as AppPluginMeta['info'],
    module: '',
    baseUrl: '',
  } as AppPluginMeta<StoredSettings>;
  const props = {
    meta,
    path: '/a/alexandrite-ordertracker-app',
    basename: '/a/alexandrite-ordertracker-app',
    query: {},
    onNavChanged: jest.fn(),
  } as unknown as AppRootProps<StoredSettings>;
  // Grafana mounts an app below its own route, as here.
  render(
    <LocationServiceProvider service={locationService}>
      <MemoryRouter initialEntries={[at]}>
        <Routes>
          <Route path="/a/alexandrite-ordertracker-app/*" element={<App {...props} />} />
        </Routes>
      </MemoryRouter>
    </LocationServiceProvider>
  );
}

describe('App', () => {
  beforeEach(() => granted.clear());
  const broken: StoredSettings = {
    lifecycle: [
      { status: 'OPEN', sla: 'soon' },
      { status: 'DONE', terminal: true },
    ],
  };

  it('shows an admin the problems of provisioned settings on the pages they change', () => {
    granted.add(ACTIONS.ordersRead).add(ACTIONS.configWrite);
    renderApp(broken);
    const banner = screen.getByTestId(testIds.settingsProblems);
    expect(banner).toHaveTextContent('lifecycle[0].sla');
    expect(banner).toHaveTextContent('Fix them in the configuration');
  });

  it('spares other roles the settings problems', () => {
    granted.add(ACTIONS.ordersRead);
    renderApp(broken);
    expect(screen.queryByTestId(testIds.settingsProblems)).not.toBeInTheDocument();
  });

  it('shows the landing page at the root of the app, not a blank page', async () => {
    granted.add(ACTIONS.ordersRead);
    renderApp({}, '/a/alexandrite-ordertracker-app');
    const landing = await screen.findByTestId(testIds.landing);
    expect(landing).not.toHaveTextContent('There is no page here');
    expect(screen.getByRole('link', { name: 'Stuck orders' })).toHaveAttribute(
      'href',
      '/a/alexandrite-ordertracker-app/stuck'
    );
    expect(screen.getByPlaceholderText(/ALX-/)).toBeInTheDocument();
  });

  it('says so on a path the app has no page for, and offers the pages it has', async () => {
    granted.add(ACTIONS.ordersRead);
    renderApp({}, '/a/alexandrite-ordertracker-app/no/such/page');
    expect(await screen.findByTestId(testIds.landing)).toHaveTextContent(
      'Order Tracker has no page at no/such/page'
    );
  });
});

