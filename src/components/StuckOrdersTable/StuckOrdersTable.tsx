import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Icon, RadioButtonGroup, TextLink, Tooltip, useStyles2 } from '@grafana/ui';
import { orderPageUrl } from '../../constants';
import { StuckOrder, formatHumanDuration, formatSla } from '../../engine';
import { testIds } from '../../utils/testIds';
import { StuckSort, StuckSortKey, countByStatus, visibleStuckOrders } from './sortStuckOrders';

export interface StuckOrdersTableProps {
  orders: StuckOrder[];
  /** Lifecycle order of the statuses, for the filter. */
  statuses: string[];
  statusFilter: string | null;
  onStatusFilterChange: (status: string | null) => void;
  sort: StuckSort;
  onSortChange: (sort: StuckSort) => void;
  /** The trace link of a row, or undefined when the user may not open traces. */
  traceUrl?: (order: StuckOrder) => string | undefined;
}

const COLUMNS: Array<{ key: StuckSortKey | null; label: string }> = [
  { key: 'orderId', label: 'Order' },
  { key: 'status', label: 'Status' },
  { key: 'enteredAt', label: 'Entered at' },
  { key: 'timeInStatus', label: 'Time in status' },
  { key: 'sla', label: 'SLA' },
  { key: 'overdue', label: 'Overdue by' },
  { key: 'lastService', label: 'Last service seen' },
  { key: null, label: 'Last error / likely cause' },
];

function enteredAt(us: number): string {
  return new Date(us / 1000).toISOString().replace('T', ' ').slice(0, 16);
}

/** The stuck-orders table of SPEC §4: sortable headers, a status filter, links per row. */
export function StuckOrdersTable(props: StuckOrdersTableProps) {
  const styles = useStyles2(getStyles);
  const counts = countByStatus(props.orders);
  const rows = visibleStuckOrders(props.orders, props.statusFilter, props.sort);
  const options = [
    { label: `All (${props.orders.length})`, value: '' },
    ...props.statuses
      .filter((status) => counts.has(status) || status === props.statusFilter)
      .map((status) => ({
        label: `${status} (${counts.get(status) ?? 0})`,
        value: status,
      })),
  ];
  const toggleSort = (key: StuckSortKey) =>
    props.onSortChange(
      props.sort.key === key
        ? { key, direction: props.sort.direction === 'asc' ? 'desc' : 'asc' }
        : { key, direction: key === 'orderId' || key === 'status' || key === 'lastService' ? 'asc' : 'desc' }
    );

  return (
    <div className={styles.wrapper} data-testid={testIds.stuck.table}>
      <div className={styles.filter} data-testid={testIds.stuck.filter}>
        <span className={styles.filterLabel}>Status</span>
        <RadioButtonGroup
          size="sm"
          options={options}
          value={props.statusFilter ?? ''}
          onChange={(value) => props.onStatusFilterChange(value === '' ? null : value)}
        />
      </div>
      <table className={styles.table}>
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const active = column.key !== null && props.sort.key === column.key;
              return (
                <th
                  key={column.label}
                  scope="col"
                  aria-sort={active ? (props.sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {column.key === null ? (
                    column.label
                  ) : (
                    <button
                      type="button"
                      className={styles.sortButton}
                      onClick={() => toggleSort(column.key as StuckSortKey)}
                    >
                      {column.label}
                      {active && <Icon name={props.sort.direction === 'asc' ? 'arrow-up' : 'arrow-down'} size="sm" />}
                    </button>
                  )}
                </th>
              );
            })}
            <th scope="col">Trace</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((order) => {
            const trace = props.traceUrl?.(order);
            return (
              <tr key={order.orderId} data-testid={testIds.stuck.row}>
                <td className={styles.nowrap}>
                  <TextLink href={orderPageUrl(order.orderId)} inline={false}>
                    {order.orderId}
                  </TextLink>
                </td>
                <td>
                  <span className={styles.status}>{order.status}</span>
                </td>
                <td className={styles.nowrap}>{enteredAt(order.enteredAtUs)}</td>
                <td className={styles.nowrap}>{formatHumanDuration(order.timeInStatusUs)}</td>
                <td className={styles.nowrap}>{formatSla(order.slaSeconds)}</td>
                <td className={`${styles.nowrap} ${styles.overdue}`}>{formatHumanDuration(order.overdueUs)}</td>
                <td>{order.lastService}</td>
                <td className={styles.cause}>
                  {order.likelyCause}
                  {order.lastError && order.lastError !== order.likelyCause && (
                    <div className={styles.lastError}>Last error: {order.lastError}</div>
                  )}
                </td>
                <td>
                  {trace ? (
                    <TextLink href={trace} inline={false} icon="external-link-alt">
                      Explore
                    </TextLink>
                  ) : (
                    <Tooltip content="Opening raw traces needs the Order Tracker Traces reader role">
                      <span className={styles.muted}>—</span>
                    </Tooltip>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && (
        <div className={styles.muted}>No stuck orders in {props.statusFilter ?? 'any status'}.</div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), overflowX: 'auto' }),
  filter: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexWrap: 'wrap' }),
  filterLabel: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': {
      padding: theme.spacing(0.75, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'top',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium, whiteSpace: 'nowrap' },
    'tbody tr:hover': { background: theme.colors.action.hover },
  }),
  sortButton: css({
    background: 'none',
    border: 'none',
    padding: 0,
    color: 'inherit',
    font: 'inherit',
    cursor: 'pointer',
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  }),
  status: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0, 0.5),
  }),
  nowrap: css({ whiteSpace: 'nowrap' }),
  overdue: css({ color: theme.colors.error.text, fontWeight: theme.typography.fontWeightMedium }),
  cause: css({ minWidth: 260 }),
  lastError: css({ color: theme.colors.text.secondary, marginTop: theme.spacing(0.5) }),
  muted: css({ color: theme.colors.text.secondary }),
});
