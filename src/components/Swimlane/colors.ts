import { colorManipulator, GrafanaTheme2 } from '@grafana/data';
import { LaneKind, SlaVerdict } from '../../engine';

/** Every colour the swimlane paints, taken from the Grafana theme (light and dark alike). */
export interface SwimlanePalette {
  sla: Record<SlaVerdict, string>;
  slaText: Record<SlaVerdict, string>;
  lane: Record<LaneKind, string>;
  error: string;
  deadLetter: string;
  retry: string;
  slow: string;
  statusChange: string;
  wait: string;
  gap: string;
  grid: string;
  laneStripe: string;
  focus: string;
  hover: string;
  text: string;
  textSecondary: string;
  background: string;
}

export function swimlanePalette(theme: GrafanaTheme2): SwimlanePalette {
  const named = (name: string) => theme.visualization.getColorByName(name);
  return {
    sla: {
      ok: theme.colors.success.main,
      warning: theme.colors.warning.main,
      breached: theme.colors.error.main,
      none: theme.colors.secondary.main,
    },
    slaText: {
      ok: theme.colors.success.contrastText,
      warning: theme.colors.warning.contrastText,
      breached: theme.colors.error.contrastText,
      none: theme.colors.secondary.contrastText,
    },
    lane: {
      service: named('blue'),
      queue: named('purple'),
      storage: named('semi-dark-green'),
    },
    error: theme.colors.error.main,
    deadLetter: theme.colors.error.text,
    retry: theme.colors.warning.main,
    slow: theme.colors.warning.text,
    statusChange: theme.colors.text.primary,
    wait: theme.colors.text.secondary,
    gap: colorManipulator.alpha(theme.colors.text.primary, theme.isDark ? 0.05 : 0.04),
    grid: theme.colors.border.weak,
    laneStripe: theme.colors.background.secondary,
    focus: theme.colors.primary.border,
    hover: theme.colors.text.maxContrast,
    text: theme.colors.text.primary,
    textSecondary: theme.colors.text.secondary,
    background: theme.colors.background.primary,
  };
}
