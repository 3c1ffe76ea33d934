import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, IconName } from '@grafana/data';
import { Button, Icon, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import { Evidence, EvidenceSeverity, formatClock, SpanRef } from '../../engine';
import { TraceLinks } from '../../links/traceLinks';
import { testIds } from '../../utils/testIds';

const SEVERITY_ICON: Record<EvidenceSeverity, { icon: IconName; color: 'error' | 'warning' | 'info' }> = {
  critical: { icon: 'exclamation-circle', color: 'error' },
  warning: { icon: 'exclamation-triangle', color: 'warning' },
  info: { icon: 'info-circle', color: 'info' },
};

interface EvidenceListProps {
  evidence: Evidence[];
  nowUs: number;
  linksFor: (ref: SpanRef) => TraceLinks;
  onOpenSpan: (ref: SpanRef) => void;
}

/** The facts behind the verdict, newest cause first, each opening the span that proves it. */
export function EvidenceList({ evidence, nowUs, linksFor, onOpenSpan }: EvidenceListProps) {
  const styles = useStyles2(getStyles);
  if (evidence.length === 0) {
    return <Text color="secondary">No errors, dead letters, retries or slow steps were found in this order&apos;s traces.</Text>;
  }
  return (
    <ol className={styles.list} aria-label="Evidence">
      {evidence.map((item, index) => {
        const ref = item.spans[0];
        const links = ref ? linksFor(ref) : { drawer: false };
        const severity = SEVERITY_ICON[item.severity];
        return (
          <li key={`${item.kind}-${item.atUs}-${index}`} className={styles.item} data-testid={testIds.orderPage.evidence}>
            <Icon name={severity.icon} className={styles[severity.color]} aria-label={item.severity} />
            <div className={styles.text}>
              <Text>{item.message}</Text>
              <Text color="secondary" variant="bodySmall">
                {formatClock(item.atUs, nowUs)} · {item.service}
                {item.status ? ` · while ${item.status}` : ''}
              </Text>
            </div>
            {ref && (
              <Stack gap={1}>
                {links.drawer && (
                  <Button size="sm" variant="secondary" icon="gf-traces" onClick={() => onOpenSpan(ref)} data-testid={testIds.orderPage.openTrace}>
                    Open trace
                  </Button>
                )}
                {links.exploreUrl && (
                  <LinkButton size="sm" variant="secondary" fill="text" icon="compass" href={links.exploreUrl} data-testid={testIds.orderPage.exploreLink}>
                    Explore
                  </LinkButton>
                )}
              </Stack>
            )}
          </li>
        );
      })}
    </ol>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  item: css({
    display: 'grid',
    gridTemplateColumns: 'auto 1fr auto',
    gap: theme.spacing(1),
    alignItems: 'start',
    padding: theme.spacing(1),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
  }),
  text: css({ display: 'flex', flexDirection: 'column' }),
  error: css({ color: theme.colors.error.text, marginTop: 2 }),
  warning: css({ color: theme.colors.warning.text, marginTop: 2 }),
  info: css({ color: theme.colors.info.text, marginTop: 2 }),
});
