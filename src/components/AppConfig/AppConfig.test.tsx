import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { AppPluginMeta, PluginType } from '@grafana/data';
import { of } from 'rxjs';
import { ACTIONS } from '../../access/access';
import { StoredSettings } from '../../settings/types';
import { testIds } from '../../utils/testIds';
import AppConfig, { AppConfigProps } from './AppConfig';

const granted = new Set<string>();
const fetchMock = jest.fn();

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  hasPermission: (action: string) => granted.has(action),
  getBackendSrv: () => ({ fetch: fetchMock }),
  // The picker needs Grafana's datasource registry, which only exists inside Grafana.
  DataSourcePicker: ({ current }: { current: string | null }) => <span>datasource: {current ?? 'none'}</span>,
}));

function props(jsonData: StoredSettings): AppConfigProps {
  const meta = {
    id: 'alexandrite-ordertracker-app',
    name: 'Order Tracker',
    type: PluginType.app,
    enabled: true,
    pinned: true,
    jsonData,
    info: {} as AppPluginMeta['info'],
    module: '',
    baseUrl: '',
  } as AppPluginMeta<StoredSettings>;
  return { plugin: { meta } as AppConfigProps['plugin'], query: {} } as AppConfigProps;
}

describe('AppConfig', () => {
  beforeEach(() => {
    granted.clear();
    fetchMock.mockReset();
  });

  it('tells a non-admin which role it takes, and shows no settings', () => {
    granted.add(ACTIONS.ordersRead);
    render(<AppConfig {...props({})} />);
    expect(screen.getByTestId(testIds.accessDenied)).toHaveTextContent('Order Tracker Configuration writer');
    expect(screen.queryByTestId(testIds.config.container)).not.toBeInTheDocument();
  });

  it('shows the stored datasources and the default lifecycle to an admin', () => {
    granted.add(ACTIONS.configWrite);
    render(<AppConfig {...props({ jaegerDatasourceUid: 'jaeger' })} />);
    expect(screen.getByText('datasource: jaeger')).toBeInTheDocument();
    expect(screen.getAllByTestId(testIds.config.lifecycleRow)).toHaveLength(10);
    expect(screen.getByLabelText('Status 2 SLA')).toHaveValue('10m');
    expect(screen.getByTestId(testIds.config.save)).toBeEnabled();
  });

  it('names the problems of stored settings instead of failing', () => {
    granted.add(ACTIONS.configWrite);
    render(<AppConfig {...props({ lifecycle: 'oops', lookback: '-3d', junk: 1 } as StoredSettings)} />);
    const problems = screen.getAllByTestId(testIds.config.problems)[0];
    expect(within(problems).getByText('lifecycle')).toBeInTheDocument();
    expect(within(problems).getByText('lookback')).toBeInTheDocument();
    expect(within(problems).getByText('junk')).toBeInTheDocument();
  });

  it('refuses to save an SLA of -5m, and saves once it is fixed', () => {
    granted.add(ACTIONS.configWrite);
    fetchMock.mockReturnValue(of({ data: {} }));
    render(<AppConfig {...props({})} />);
    const sla = screen.getByLabelText('Status 2 SLA');
    fireEvent.change(sla, { target: { value: '-5m' } });
    expect(screen.getByText(/of SUBMITTED cannot be negative/)).toBeInTheDocument();
    expect(screen.getByTestId(testIds.config.save)).toBeDisabled();

    fireEvent.change(sla, { target: { value: '15m' } });
    expect(screen.getByTestId(testIds.config.save)).toBeEnabled();
    const reload = jest.fn();
    Object.defineProperty(window, 'location', { value: { ...window.location, reload }, writable: true });
    fireEvent.click(screen.getByTestId(testIds.config.save));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const request = fetchMock.mock.calls[0][0];
    expect(request.url).toBe('/api/plugins/alexandrite-ordertracker-app/settings');
    expect(request.data.jsonData.lifecycle[1]).toEqual({ status: 'SUBMITTED', sla: '15m', setBy: 'shop-api' });
  });

  it('adds a status row and blocks saving while it has no name', () => {
    granted.add(ACTIONS.configWrite);
    render(<AppConfig {...props({})} />);
    fireEvent.click(screen.getByTestId(testIds.config.addStatus));
    expect(screen.getAllByTestId(testIds.config.lifecycleRow)).toHaveLength(11);
    expect(screen.getByTestId(testIds.config.save)).toBeDisabled();
  });

  it('saves nothing while it lists a problem, even one it could repair', () => {
    granted.add(ACTIONS.configWrite);
    render(<AppConfig {...props({})} />);
    fireEvent.change(screen.getByDisplayValue('\\.(dlx|dlq)$'), { target: { value: '(a+)+$' } });
    expect(within(screen.getByTestId(testIds.config.problems)).getByText('deadLetterPattern')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.config.save)).toBeDisabled();
  });

  it('refuses an SLA of 400 digits', () => {
    granted.add(ACTIONS.configWrite);
    render(<AppConfig {...props({})} />);
    fireEvent.change(screen.getByLabelText('Status 2 SLA'), { target: { value: '9'.repeat(400) } });
    expect(screen.getByText(/is too large/)).toBeInTheDocument();
    expect(screen.getByTestId(testIds.config.save)).toBeDisabled();
  });

  it('asks before saving an empty personal-data list, and saves only when confirmed', async () => {
    granted.add(ACTIONS.configWrite);
    fetchMock.mockReturnValue(of({ data: {} }));
    const reload = jest.fn();
    Object.defineProperty(window, 'location', { value: { ...window.location, reload }, writable: true });
    render(<AppConfig {...props({ personalDataKeys: ['customer.email'] })} />);
    fireEvent.click(screen.getByRole('button', { name: /Remove tag: customer\.email/ }));
    fireEvent.click(screen.getByTestId(testIds.config.save));
    expect(screen.getByText(/no attribute will be masked/)).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Save without a personal-data list' }));
    // Grafana's confirm dialog submits its form asynchronously.
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1), { timeout: 5000 });
    expect(fetchMock.mock.calls[0][0].data.jsonData.personalDataKeys).toEqual([]);
    // Grafana's modal and form render slowly in jsdom on a busy machine.
  }, 30_000);
});
