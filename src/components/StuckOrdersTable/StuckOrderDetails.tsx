import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, TextLink, useStyles2 } from '@grafana/ui';
import { orderPageUrl } from '../../constants';
import { formatClock, formatHumanDuration } from '../../engine';
import type { StuckRow } from '../../orders/loadStuckOrders';
import { testIds } from '../../utils/testIds';

export interface StuckOrderDetailsProps {
  order: StuckRow;
  /** The row's trace link, when the user may open traces. */
  traceUrl?: string;
}

/** The expanded row: the whole cause with its evidence, and what could not be searched. */
export function StuckOrderDetails({ order, traceUrl }: StuckOrderDetailsProps) {
  const styles = useStyles2(getStyles);
  const evidence = order.causeEvidence;
  return (
    <div className={styles.details} data-testid={testIds.stuck.details}>
      {order.check === 'unconfirmed' ? (
        <Alert severity="warning" title="Where this order is now is not known">
          {order.likelyCause}
        </Alert>
      ) : (
        <div>
          <div className={styles.label}>Likely cause</div>
          <div>{order.likelyCause}</div>
        </div>
      )}
      {evidence && (
        <dl className={styles.facts}>
          <dt>Evidence</dt>
          <dd>
            {evidence.kind.replace(/_/g, ' ')} ({evidence.severity}) in {evidence.service} at{' '}
            {formatClock(evidence.atUs)}
            {evidence.status ? `, while in ${evidence.status}` : ''}
          </dd>
          <dt>Spans</dt>
          <dd>
            {evidence.spans.length} span{evidence.spans.length === 1 ? '' : 's'}
            {evidence.spans[0]
              ? `, first ${evidence.spans[0].traceId.slice(0, 16)}… / ${evidence.spans[0].spanId}`
              : ''}
          </dd>
        </dl>
      )}
      <dl className={styles.facts}>
        <dt>Entered {order.status}</dt>
        <dd>
          {formatClock(order.enteredAtUs)} ({formatHumanDuration(order.timeInStatusUs)} ago)
        </dd>
        <dt>Last seen</dt>
        <dd>
          {order.lastService} at {formatClock(order.lastSeenUs)}
        </dd>
        {order.lastError && order.lastError !== order.likelyCause && (
          <>
            <dt>Last error</dt>
            <dd>{order.lastError}</dd>
          </>
        )}
      </dl>
      {order.doubts.length > 0 && order.check === 'confirmed' && (
        <ul className={styles.doubts}>
          {order.doubts.map((doubt) => (
            <li key={doubt}>{doubt}</li>
          ))}
        </ul>
      )}
      <div className={styles.links}>
        <TextLink href={orderPageUrl(order.orderId)} inline={false}>
          Open the order
        </TextLink>
        {traceUrl && (
          <TextLink href={traceUrl} inline={false} icon="external-link-alt">
            Open the trace in Explore
          </TextLink>
        )}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  details: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), maxWidth: 960 }),
  label: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
  doubts: css({ margin: 0, paddingLeft: theme.spacing(2), color: theme.colors.warning.text }),
  links: css({ display: 'flex', gap: theme.spacing(2) }),
});
