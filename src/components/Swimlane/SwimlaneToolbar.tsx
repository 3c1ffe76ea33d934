import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { IconButton, Stack, useStyles2 } from '@grafana/ui';
import { formatHumanDuration } from '../../engine';
import { SwimlanePalette } from './colors';
import { SwimlaneLegend } from './SwimlaneLegend';
import { ViewWindow } from './useViewWindow';

const BUTTON_PAN_SHARE = 0.25;

interface SwimlaneToolbarProps {
  palette: SwimlanePalette;
  viewWindow: ViewWindow;
  timeZone?: TimeZone;
}

/** The legend, where the view starts and how long it is, and buttons for what the wheel and keys do. */
export function SwimlaneToolbar({ palette, viewWindow, timeZone }: SwimlaneToolbarProps) {
  const styles = useStyles2(getStyles);
  const { view } = viewWindow;
  return (
    <Stack justifyContent="space-between" alignItems="center" wrap="wrap">
      <SwimlaneLegend palette={palette} />
      <Stack gap={0.5} alignItems="center">
        <span className={styles.hint}>
          {dateTimeFormat(view.startUs / 1000, { format: 'YYYY-MM-DD HH:mm:ss', timeZone })} –{' '}
          {formatHumanDuration(view.endUs - view.startUs)}
        </span>
        <IconButton name="search-plus" tooltip="Zoom in (+)" onClick={() => viewWindow.zoomIn()} />
        <IconButton name="search-minus" tooltip="Zoom out (−)" onClick={() => viewWindow.zoomOut()} />
        <IconButton name="angle-left" tooltip="Earlier (Shift+←)" onClick={() => viewWindow.panBy(-BUTTON_PAN_SHARE)} />
        <IconButton name="angle-right" tooltip="Later (Shift+→)" onClick={() => viewWindow.panBy(BUTTON_PAN_SHARE)} />
        <IconButton name="expand-arrows-alt" tooltip="Whole order (0)" disabled={!viewWindow.zoomed} onClick={() => viewWindow.reset()} />
      </Stack>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  hint: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, marginRight: theme.spacing(1) }),
});
