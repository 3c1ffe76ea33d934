import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { useStyles2 } from '@grafana/ui';
import { AttributeValue, formatHumanDuration, Lane, LaneSpan, OrderSpan, SpanMark } from '../../engine';

/** Attributes worth a glance, in the order people look for them; the rest stays in the trace view. */
const KEY_ATTRIBUTES = [
  'order.status',
  'order.status.previous',
  'messaging.destination.name',
  'messaging.rabbitmq.routing_key',
  'messaging.destination',
  'messaging.operation.type',
  'aws.s3.bucket',
  'aws.s3.key',
  'file.size',
  'order.file.valid',
  'http.request.method',
  'http.route',
  'http.response.status_code',
  'db.system',
  'exception.type',
  'exception.message',
];
const MAX_ATTRIBUTES = 8;
const MAX_VALUE_LENGTH = 80;

export const MARK_WORDS: Record<SpanMark, string> = {
  error: 'failed',
  dead_letter: 'dead-lettered',
  retry: 'retry',
  slow: 'slow',
  invalid_file: 'invalid file',
  status_change: 'changed the status',
};

export function keyAttributes(span: OrderSpan | undefined): Array<[string, string]> {
  if (!span) {
    return [];
  }
  const picked: Array<[string, string]> = [];
  for (const key of KEY_ATTRIBUTES) {
    const value = span.attributes[key];
    if (value !== undefined && picked.length < MAX_ATTRIBUTES) {
      picked.push([key, shortValue(value)]);
    }
  }
  return picked;
}

function shortValue(value: AttributeValue): string {
  const text = String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

interface SpanTooltipProps {
  lane: Lane;
  bar: LaneSpan;
  span?: OrderSpan;
  timeZone?: TimeZone;
  canOpen: boolean;
}

/** What hovering or focusing a bar shows. Attributes arrive masked by the engine. */
export function SpanTooltip({ lane, bar, span, timeZone, canOpen }: SpanTooltipProps) {
  const styles = useStyles2(getStyles);
  const attributes = keyAttributes(span);
  return (
    <div className={styles.body}>
      <div className={styles.title}>{bar.operation}</div>
      <div className={styles.meta}>
        {span?.service ?? lane.name}
        {lane.kind !== 'service' ? ` · ${lane.kind} ${lane.name}` : ''} · {formatHumanDuration(bar.durationUs)}
      </div>
      <div className={styles.meta}>{dateTimeFormat(bar.startUs / 1000, { format: 'YYYY-MM-DD HH:mm:ss.SSS', timeZone })}</div>
      {bar.marks.length > 0 && (
        <div className={styles.marks}>{bar.marks.map((mark) => MARK_WORDS[mark]).join(', ')}</div>
      )}
      {span?.statusMessage && <div className={styles.marks}>{shortValue(span.statusMessage)}</div>}
      {attributes.length > 0 && (
        <dl className={styles.attributes}>
          {attributes.map(([key, value]) => (
            <React.Fragment key={key}>
              <dt>{key}</dt>
              <dd>{value}</dd>
            </React.Fragment>
          ))}
        </dl>
      )}
      {/* Trace ids are for those who may open traces, like the links. */}
      {canOpen && <div className={styles.hint}>Click or press Enter to open the trace</div>}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ maxWidth: 420, fontSize: theme.typography.bodySmall.fontSize }),
  title: css({ fontWeight: theme.typography.fontWeightMedium, wordBreak: 'break-all' }),
  meta: css({ color: theme.colors.text.secondary }),
  marks: css({ color: theme.colors.error.text }),
  attributes: css({
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: theme.spacing(1),
    margin: theme.spacing(0.5, 0, 0),
    dt: { color: theme.colors.text.secondary, fontWeight: 'normal' },
    dd: { margin: 0, wordBreak: 'break-all' },
  }),
  hint: css({ marginTop: theme.spacing(0.5), color: theme.colors.text.secondary, fontStyle: 'italic' }),
});
