import React, { useCallback, useMemo } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Column, FetchDataFunc, InteractiveTable, RadioButtonGroup, TextLink, useStyles2 } from '@grafana/ui';
import type { StuckRow } from '../../orders/loadStuckOrders';
import { testIds } from '../../utils/testIds';
import { StuckOrderDetails } from './StuckOrderDetails';
import { cellsFor } from './stuckCells';
import { SORT_KEYS, StuckSort, StuckSortKey, countByStatus, visibleStuckOrders } from './sortStuckOrders';

export interface StuckOrdersTableProps {
  orders: StuckRow[];
  /** Lifecycle order of the statuses, for the filter. */
  statuses: string[];
  statusFilter: string | null;
  onStatusFilterChange: (status: string | null) => void;
  sort: StuckSort;
  onSortChange: (sort: StuckSort) => void;
  /** The trace link of a row, or undefined when the user may not open traces. */
  traceUrl?: (order: StuckRow) => string | undefined;
  /** Rows per page (thousands of rows stay responsive one page at a time). */
  pageSize?: number;
}

/**
 * The stuck-orders table of SPEC §4 on Grafana's InteractiveTable: sortable columns (sorted here,
 * so ties fall back to the order id and the sort lives in the URL), pages, a status filter, and an
 * expandable row with the full cause, its evidence and what could not be searched.
 */
export function StuckOrdersTable(props: StuckOrdersTableProps) {
  const styles = useStyles2(getStyles);
  const { orders, statusFilter, sort, onSortChange, traceUrl } = props;
  const counts = useMemo(() => countByStatus(orders), [orders]);
  const rows = useMemo(() => visibleStuckOrders(orders, statusFilter, sort), [orders, statusFilter, sort]);
  const columns = useMemo<Array<Column<StuckRow>>>(() => cellsFor(traceUrl), [traceUrl]);

  // The table reports a header click through fetchData and we sort; it is keyed by the sort, so a
  // sort from the URL (or the click, once the scene has it) starts it afresh on its first page.
  const initialSortBy = useMemo(() => [{ id: sort.key, desc: sort.direction === 'desc' }], [sort]);
  const fetchData = useCallback<FetchDataFunc<StuckRow>>(
    ({ sortBy }) => {
      const [first] = sortBy;
      if (!first || !SORT_KEYS.includes(first.id as StuckSortKey)) {
        return;
      }
      const next: StuckSort = { key: first.id as StuckSortKey, direction: first.desc ? 'desc' : 'asc' };
      if (next.key !== sort.key || next.direction !== sort.direction) {
        onSortChange(next);
      }
    },
    [onSortChange, sort]
  );
  const { onStatusFilterChange } = props;
  const showAll = useCallback(
    (event: React.MouseEvent) => {
      event.preventDefault();
      onStatusFilterChange(null);
    },
    [onStatusFilterChange]
  );
  const filterOptions = [
    { label: `All (${orders.length})`, value: '' },
    ...props.statuses
      .filter((status) => counts.has(status) || status === statusFilter)
      .map((status) => ({ label: `${status} (${counts.get(status) ?? 0})`, value: status })),
  ];

  return (
    <div className={styles.wrapper} data-testid={testIds.stuck.table}>
      <div className={styles.filter} data-testid={testIds.stuck.filter}>
        <span className={styles.filterLabel}>Status</span>
        <RadioButtonGroup
          size="sm"
          options={filterOptions}
          value={statusFilter ?? ''}
          onChange={(value) => props.onStatusFilterChange(value === '' ? null : value)}
        />
      </div>
      <InteractiveTable
        key={`${sort.key}:${sort.direction}`}
        className={styles.table}
        columns={columns}
        data={rows}
        getRowId={(row: StuckRow) => row.orderId}
        pageSize={props.pageSize ?? 50}
        initialSortBy={initialSortBy}
        fetchData={fetchData}
        disableSortRemove
        autoResetPage
        renderExpandedRow={(row) => <StuckOrderDetails order={row} traceUrl={traceUrl?.(row)} />}
      />
      {rows.length === 0 && statusFilter !== null && !props.statuses.includes(statusFilter) ? (
        <div className={styles.muted} data-testid={testIds.stuck.unknownStatus}>
          &ldquo;{statusFilter}&rdquo; is not a status of the order lifecycle, so no order is in it.{' '}
          <TextLink href="#" onClick={showAll} inline>
            Show every status
          </TextLink>
        </div>
      ) : (
        rows.length === 0 && <div className={styles.muted}>No stuck orders in {statusFilter ?? 'any status'}.</div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  filter: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexWrap: 'wrap' }),
  filterLabel: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  muted: css({ color: theme.colors.text.secondary }),
  table: css({
    fontSize: theme.typography.bodySmall.fontSize,
    th: { textAlign: 'left', fontWeight: theme.typography.fontWeightMedium },
  }),
});
