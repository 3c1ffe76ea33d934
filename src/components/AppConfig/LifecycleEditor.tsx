import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Button, Checkbox, IconButton, Input, useStyles2 } from '@grafana/ui';
import { testIds } from '../../utils/testIds';
import { moveStatus, newStatusDraft, StatusDraft } from './configDraft';

interface Props {
  rows: StatusDraft[];
  disabled: boolean;
  onChange: (rows: StatusDraft[]) => void;
}

/** The ordered list of statuses with their SLAs; order defines the expected next status. */
export function LifecycleEditor({ rows, disabled, onChange }: Props) {
  const styles = useStyles2(getStyles);
  const update = (index: number, patch: Partial<StatusDraft>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <div>
      <table className={styles.table}>
        <thead>
          <tr>
            <th>#</th>
            <th>Status</th>
            <th>SLA (longest normal stay)</th>
            <th>Terminal</th>
            <th>Set by service</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={row.key} data-testid={testIds.config.lifecycleRow}>
              <td>{index + 1}</td>
              <td>
                <Input
                  aria-label={`Status ${index + 1} name`}
                  value={row.status}
                  disabled={disabled}
                  onChange={(event) => update(index, { status: event.currentTarget.value })}
                />
              </td>
              <td>
                <Input
                  aria-label={`Status ${index + 1} SLA`}
                  value={row.sla}
                  placeholder={row.terminal ? 'none (terminal)' : 'none, or e.g. 10m, 24h, 5d'}
                  disabled={disabled || row.terminal}
                  onChange={(event) => update(index, { sla: event.currentTarget.value })}
                />
              </td>
              <td className={styles.center}>
                <Checkbox
                  aria-label={`Status ${index + 1} is terminal`}
                  value={row.terminal}
                  disabled={disabled}
                  onChange={(event) => update(index, { terminal: event.currentTarget.checked, sla: event.currentTarget.checked ? '' : row.sla })}
                />
              </td>
              <td>
                <Input
                  aria-label={`Status ${index + 1} set by`}
                  value={row.setBy}
                  placeholder="optional"
                  disabled={disabled}
                  onChange={(event) => update(index, { setBy: event.currentTarget.value })}
                />
              </td>
              <td className={styles.actions}>
                <IconButton name="arrow-up" tooltip="Move up" disabled={disabled || index === 0} onClick={() => onChange(moveStatus(rows, index, -1))} />
                <IconButton
                  name="arrow-down"
                  tooltip="Move down"
                  disabled={disabled || index === rows.length - 1}
                  onClick={() => onChange(moveStatus(rows, index, 1))}
                />
                <IconButton name="trash-alt" tooltip={`Remove ${row.status || 'this status'}`} disabled={disabled} onClick={() => onChange(rows.filter((_, i) => i !== index))} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button
        variant="secondary"
        icon="plus"
        size="sm"
        disabled={disabled}
        data-testid={testIds.config.addStatus}
        onClick={() => onChange([...rows, newStatusDraft()])}
      >
        Add status
      </Button>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    marginBottom: theme.spacing(1),
    'th, td': { padding: theme.spacing(0.5), textAlign: 'left' },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  center: css({ textAlign: 'center' }),
  actions: css({ whiteSpace: 'nowrap' }),
});
