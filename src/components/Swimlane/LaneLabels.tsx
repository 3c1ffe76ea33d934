import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { LaneGeometry, PreparedLane } from './layout';

interface LaneLabelsProps {
  lanes: PreparedLane[];
  geometry: LaneGeometry;
}

/** Kind and name of each lane, level with its bars. */
export function LaneLabels({ lanes, geometry }: LaneLabelsProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.labels} style={{ height: geometry.total }}>
      {lanes.map((prepared, index) => (
        <div
          key={prepared.lane.id}
          className={styles.laneLabel}
          style={{ top: geometry.tops[index], height: geometry.heights[index] }}
          title={`${prepared.lane.kind}: ${prepared.lane.name}`}
        >
          <span className={styles.laneKind}>{prepared.lane.kind}</span>
          <span className={styles.laneName}>{prepared.lane.name}</span>
        </div>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  labels: css({ position: 'relative' }),
  laneLabel: css({
    position: 'absolute',
    left: 0,
    right: theme.spacing(1),
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'center',
    overflow: 'hidden',
    lineHeight: 1.2,
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  laneKind: css({ fontSize: 10, textTransform: 'uppercase', color: theme.colors.text.secondary, letterSpacing: 0.4 }),
  laneName: css({ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', fontSize: theme.typography.bodySmall.fontSize }),
});
