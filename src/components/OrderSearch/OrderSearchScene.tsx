import React, { FormEvent } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { SceneComponentProps, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Button, Field, Input, Stack, useStyles2 } from '@grafana/ui';
import { orderPageUrl } from '../../constants';
import { checkOrderId } from '../../engine';
import { testIds } from '../../utils/testIds';

export interface OrderSearchState extends SceneObjectState {
  query: string;
  error?: string;
}

/** The order-id box: on the landing page and in the order page header. */
export class OrderSearchScene extends SceneObjectBase<OrderSearchState> {
  static Component = OrderSearchRenderer;

  constructor(state: Partial<OrderSearchState> = {}) {
    super({ query: '', ...state });
  }

  onChange = (query: string) => this.setState({ query, error: undefined });

  onSubmit = () => {
    const check = checkOrderId(this.state.query);
    if (!check.ok) {
      this.setState({ error: check.message });
      return;
    }
    locationService.push(orderPageUrl(check.orderId));
  };
}

function OrderSearchRenderer({ model }: SceneComponentProps<OrderSearchScene>) {
  const { query, error } = model.useState();
  const styles = useStyles2(getStyles);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    model.onSubmit();
  };
  return (
    <form onSubmit={submit} className={styles.form} role="search" aria-label="Find an order">
      <Stack gap={1} alignItems="flex-start">
        <Field invalid={!!error} error={error} className={styles.field} label="Order id">
          <Input
            data-testid={testIds.orderSearch.input}
            value={query}
            placeholder="ALX-2026-000123"
            autoFocus
            onChange={(event) => model.onChange(event.currentTarget.value)}
          />
        </Field>
        <Button type="submit" icon="search" data-testid={testIds.orderSearch.submit} className={styles.button}>
          Find order
        </Button>
      </Stack>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ maxWidth: 720 }),
  field: css({ flexGrow: 1, marginBottom: 0 }),
  button: css({ marginTop: theme.spacing(2.75) }),
});
