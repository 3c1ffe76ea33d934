import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import {
  SceneComponentProps,
  SceneObjectBase,
  SceneObjectState,
  SceneObjectUrlSyncConfig,
  SceneObjectUrlValues,
} from '@grafana/scenes';
import { TextLink, useStyles2 } from '@grafana/ui';
import { MAX_LISTED_ORDERS, ORDER_LIST_PARAM, orderPageUrl } from '../../constants';
import { checkOrderId } from '../../engine';
import { testIds } from '../../utils/testIds';

export interface OrderListState extends SceneObjectState {
  orderIds: string[];
}

/** The ids of a URL's `order` parameters that are order ids, each once, at most MAX_LISTED_ORDERS. */
export function listedOrderIds(value: SceneObjectUrlValues[string]): string[] {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  const ids = new Set<string>();
  for (const candidate of raw) {
    const check = checkOrderId(candidate);
    if (check.ok && ids.size < MAX_LISTED_ORDERS) {
      ids.add(check.orderId);
    }
  }
  return [...ids];
}

/**
 * Orders to choose from on the find page, from the URL (`?order=A&order=B`): where a trace that
 * touched several orders leads. Shows nothing without them.
 */
export class OrderListScene extends SceneObjectBase<OrderListState> {
  static Component = OrderListRenderer;
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: [ORDER_LIST_PARAM] });

  constructor(state: Partial<OrderListState> = {}) {
    super({ orderIds: [], ...state });
  }

  getUrlState(): SceneObjectUrlValues {
    return { [ORDER_LIST_PARAM]: this.state.orderIds.length > 0 ? this.state.orderIds : undefined };
  }

  updateFromUrl(values: SceneObjectUrlValues): void {
    if (ORDER_LIST_PARAM in values) {
      this.setState({ orderIds: listedOrderIds(values[ORDER_LIST_PARAM]) });
    }
  }
}

function OrderListRenderer({ model }: SceneComponentProps<OrderListScene>) {
  const { orderIds } = model.useState();
  const styles = useStyles2(getStyles);
  if (orderIds.length === 0) {
    return null;
  }
  return (
    <section className={styles.list} aria-label="Orders of the trace" data-testid={testIds.orderSearch.list}>
      <p>This trace touched {orderIds.length === 1 ? 'one order' : `${orderIds.length} orders`}:</p>
      <ul>
        {orderIds.map((orderId) => (
          <li key={orderId}>
            <TextLink href={orderPageUrl(orderId)} inline={false}>
              {orderId}
            </TextLink>
          </li>
        ))}
      </ul>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({ marginTop: theme.spacing(2), ul: { listStyle: 'none', paddingLeft: 0 } }),
});
