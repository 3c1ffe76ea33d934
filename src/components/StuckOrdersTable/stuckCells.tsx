import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { CellProps, Column, Icon, TextLink, Tooltip, useStyles2 } from '@grafana/ui';
import { orderPageUrl } from '../../constants';
import { formatHumanDuration, formatSla } from '../../engine';
import type { StuckRow } from '../../orders/loadStuckOrders';
import { testIds } from '../../utils/testIds';

type Cell = CellProps<StuckRow>;

export function enteredAt(us: number): string {
  return new Date(us / 1000).toISOString().replace('T', ' ').slice(0, 16);
}

/** The cause in one line: the first sentence, the rest is in the expanded row. */
export function oneLine(text: string): string {
  const sentence = /^(.+?\.)(\s|$)/.exec(text)?.[1] ?? text;
  return sentence.length > 140 ? `${sentence.slice(0, 139)}…` : sentence;
}

function OrderCell({ row }: Cell) {
  const styles = useStyles2(getStyles);
  return (
    <span className={styles.nowrap} data-testid={testIds.stuck.row}>
      <TextLink href={orderPageUrl(row.original.orderId)} inline={false}>
        {row.original.orderId}
      </TextLink>
    </span>
  );
}

function StatusCell({ row }: Cell) {
  const styles = useStyles2(getStyles);
  const order = row.original;
  if (order.check === 'unconfirmed') {
    return (
      <Tooltip content="A search failed: this is where the order was last seen, not necessarily where it is now.">
        <span className={cx(styles.status, styles.unconfirmed)} data-testid={testIds.stuck.unconfirmed}>
          {order.status}?
        </span>
      </Tooltip>
    );
  }
  return <span className={styles.status}>{order.status}</span>;
}

function CauseCell({ row }: Cell) {
  const styles = useStyles2(getStyles);
  const order = row.original;
  return (
    <span className={cx(styles.cause, order.check === 'unconfirmed' && styles.muted)} title={order.likelyCause}>
      {order.doubts.length > 0 && order.check === 'confirmed' && (
        <Icon name="exclamation-triangle" size="sm" className={styles.doubt} title={order.doubts.join(' ')} />
      )}
      {oneLine(order.likelyCause)}
    </span>
  );
}

function traceCell(traceUrl?: (order: StuckRow) => string | undefined) {
  return function TraceCell({ row }: Cell) {
    const styles = useStyles2(getStyles);
    const trace = traceUrl?.(row.original);
    return trace ? (
      <TextLink href={trace} inline={false} icon="external-link-alt">
        Explore
      </TextLink>
    ) : (
      <Tooltip content="Opening raw traces needs the Order Tracker Traces reader role">
        <span className={styles.muted}>—</span>
      </Tooltip>
    );
  };
}

const text = (value: (order: StuckRow) => string) =>
  function TextCell({ row }: Cell) {
    const styles = useStyles2(getStyles);
    return <span className={styles.nowrap}>{value(row.original)}</span>;
  };

/** The columns; the ids are the sort keys the scene keeps in the URL. */
export function cellsFor(traceUrl?: (order: StuckRow) => string | undefined): Array<Column<StuckRow>> {
  return [
    { id: 'orderId', header: 'Order', cell: OrderCell, sortType: 'string' },
    { id: 'status', header: 'Status', cell: StatusCell, sortType: 'string' },
    {
      id: 'enteredAt',
      header: 'Entered at (UTC)',
      cell: text((order) => enteredAt(order.enteredAtUs)),
      sortType: 'number',
      sortDescFirst: true,
    },
    {
      id: 'timeInStatus',
      header: 'Time in status',
      cell: text((order) => formatHumanDuration(order.timeInStatusUs)),
      sortType: 'number',
      sortDescFirst: true,
    },
    {
      id: 'sla',
      header: 'SLA',
      cell: text((order) => formatSla(order.slaSeconds)),
      sortType: 'number',
      sortDescFirst: true,
    },
    { id: 'overdue', header: 'Overdue by', cell: OverdueCell, sortType: 'number', sortDescFirst: true },
    { id: 'lastService', header: 'Last service seen', cell: text((order) => order.lastService), sortType: 'string' },
    { id: 'cause', header: 'Likely cause', cell: CauseCell },
    { id: 'trace', header: 'Trace', cell: traceCell(traceUrl), disableGrow: true },
  ];
}

function OverdueCell({ row }: Cell) {
  const styles = useStyles2(getStyles);
  return <span className={cx(styles.nowrap, styles.overdue)}>{formatHumanDuration(row.original.overdueUs)}</span>;
}

const getStyles = (theme: GrafanaTheme2) => ({
  nowrap: css({ whiteSpace: 'nowrap' }),
  status: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0, 0.5),
    whiteSpace: 'nowrap',
  }),
  unconfirmed: css({ border: `1px dashed ${theme.colors.warning.border}`, color: theme.colors.warning.text }),
  overdue: css({ color: theme.colors.error.text, fontWeight: theme.typography.fontWeightMedium }),
  cause: css({
    display: 'inline-block',
    maxWidth: 260,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
  doubt: css({ color: theme.colors.warning.text, marginRight: theme.spacing(0.5) }),
  muted: css({ color: theme.colors.text.secondary }),
});
