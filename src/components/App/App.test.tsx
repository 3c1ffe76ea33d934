import React from 'react';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { AppPluginMeta, AppRootProps, PluginType } from '@grafana/data';
import { ACTIONS } from '../../access/access';
import { StoredSettings } from '../../settings/types';
import { testIds } from '../../utils/testIds';
import App from './App';

const granted = new Set<string>();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  hasPermission: (action: string) => granted.has(action),
}));

function renderApp(jsonData: StoredSettings) {
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
  render(
    <MemoryRouter initialEntries={['/a/alexandrite-ordertracker-app/orders']}>
      <App {...props} />
    </MemoryRouter>
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
});
