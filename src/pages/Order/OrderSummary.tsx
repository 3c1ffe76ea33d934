import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, BadgeColor, Stack, Text, useStyles2 } from '@grafana/ui';
import { formatClock, formatHumanDuration, formatSla, OrderState, OrderTimeline } from '../../engine';
import { testIds } from '../../utils/testIds';

const STATE_WORDS: Record<OrderState, { text: string; color: BadgeColor }> = {
  on_track: { text: 'On track', color: 'green' },
  late: { text: 'Late', color: 'orange' },
  stuck: { text: 'Stuck', color: 'red' },
  finished: { text: 'Finished', color: 'blue' },
  unknown: { text: 'Unknown', color: 'darkgrey' },
};

/** The answer first: where the order is, for how long against its SLA, how old it is, and why. */
export function OrderSummary({ timeline }: { timeline: OrderTimeline }) {
  const styles = useStyles2(getStyles);
  const { verdict } = timeline;
  const state = STATE_WORDS[verdict.state];
  const age = timeline.firstSeenUs !== null ? timeline.nowUs - timeline.firstSeenUs : null;
  const current = timeline.statuses[timeline.statuses.length - 1];
  const slaShare = verdict.slaSeconds ? verdict.timeInStatusUs / (verdict.slaSeconds * 1_000_000) : null;
  return (
    <section className={styles.summary} data-testid={testIds.orderPage.header} aria-label="Order summary">
      <div className={styles.facts}>
        <Fact label="Order">
          <Text weight="medium">{timeline.orderId}</Text>
        </Fact>
        <Fact label="Current status">
          <Stack gap={1} alignItems="center">
            <Text weight="medium">{verdict.currentStatus ?? 'none reported'}</Text>
            <Badge text={state.text} color={state.color} />
          </Stack>
        </Fact>
        <Fact label="Time in status">
          <Text weight="medium" color={current?.verdict === 'breached' ? 'error' : current?.verdict === 'warning' ? 'warning' : undefined}>
            {formatHumanDuration(verdict.timeInStatusUs)}
          </Text>
          <Text color="secondary">
            {verdict.slaSeconds !== null
              ? ` of ${formatSla(verdict.slaSeconds)} SLA${slaShare !== null ? ` (${Math.round(slaShare * 100)} %)` : ''}`
              : ' (no SLA)'}
          </Text>
        </Fact>
        <Fact label="Total age">
          <Text weight="medium">{age !== null ? formatHumanDuration(age) : 'unknown'}</Text>
          {timeline.firstSeenUs !== null && <Text color="secondary"> since {formatClock(timeline.firstSeenUs, timeline.nowUs)}</Text>}
        </Fact>
        <Fact label="Traces">
          <Text weight="medium">{timeline.traceIds.length}</Text>
          <Text color="secondary"> with {timeline.spans.length} spans</Text>
        </Fact>
      </div>
      <p className={styles.verdict} data-testid={testIds.orderPage.verdict}>
        {verdict.headline}
      </p>
    </section>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.fact}>
      <div className={styles.label}>{label}</div>
      <div>{children}</div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  summary: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5) }),
  facts: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(4) }),
  fact: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.25) }),
  label: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  verdict: css({ fontSize: theme.typography.h4.fontSize, margin: 0 }),
});
