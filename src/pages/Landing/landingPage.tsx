import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import {
  EmbeddedScene,
  SceneAppPage,
  SceneComponentProps,
  SceneFlexItem,
  SceneFlexLayout,
  SceneObjectBase,
  SceneObjectState,
  SceneRouteMatch,
} from '@grafana/scenes';
import { Alert, Stack, TextLink, useStyles2 } from '@grafana/ui';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import { OrderSearchScene } from '../../components/OrderSearch/OrderSearchScene';
import { prefixRoute } from '../../utils/routing';
import { testIds } from '../../utils/testIds';

interface LandingState extends SceneObjectState {
  /** The part of the URL after the app's base that matched no page; empty at the app's root. */
  unknownPath: string;
}

/** Where the app's root and any unknown path land: what Order Tracker has, and where to go. */
export class LandingScene extends SceneObjectBase<LandingState> {
  static Component = LandingRenderer;
}

function LandingRenderer({ model }: SceneComponentProps<LandingScene>) {
  const { unknownPath } = model.useState();
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.landing} data-testid={testIds.landing}>
      {unknownPath !== '' && (
        <Alert severity="info" title="There is no page here">
          Order Tracker has no page at <code>{unknownPath}</code>. Find an order below, or open one of its pages.
        </Alert>
      )}
      <Stack direction="row" gap={2} wrap="wrap">
        <TextLink href={prefixRoute(ROUTES.Orders)} inline={false}>
          Find an order
        </TextLink>
        <TextLink href={prefixRoute(ROUTES.Overview)} inline={false}>
          Overview
        </TextLink>
        <TextLink href={prefixRoute(ROUTES.Stuck)} inline={false}>
          Stuck orders
        </TextLink>
      </Stack>
    </div>
  );
}

function landingScene(unknownPath: string): EmbeddedScene {
  return new EmbeddedScene({
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({ body: new LandingScene({ unknownPath }) }),
        new SceneFlexItem({ body: new OrderSearchScene() }),
      ],
    }),
  });
}

/**
 * The app's root and every path no other page matches (react-router ranks `*` last): the root is
 * the page itself, any other path its fallback, which says that there is no page there.
 */
export function landingPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Order Tracker',
    subTitle: 'Where an order is, how long it has been there, and why it is late.',
    url: PLUGIN_BASE_URL,
    routePath: '*',
    getScene: () => landingScene(''),
    getFallbackPage: () =>
      new SceneAppPage({
        title: 'Order Tracker',
        subTitle: 'Where an order is, how long it has been there, and why it is late.',
        url: PLUGIN_BASE_URL,
        routePath: '*',
        getScene: (match: SceneRouteMatch<{ '*'?: string }>) => landingScene(match.params['*'] || 'this address'),
      }),
  });
}

const getStyles = (theme: GrafanaTheme2) => ({
  landing: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
});
