import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { DataSourcePicker, getBackendSrv } from '@grafana/runtime';
import {
  Alert,
  Button,
  ConfirmModal,
  Field,
  FieldSet,
  Icon,
  Input,
  RadioButtonGroup,
  Stack,
  Switch,
  TagsInput,
  useStyles2,
} from '@grafana/ui';
import { lastValueFrom } from 'rxjs';
import { can } from '../../access/permissions';
import { datasourceProxyFetcher } from '../../datasource/grafanaProxy';
import { parseSettings } from '../../settings/parseSettings';
import { AttributeNames, JaegerApiSetting, SettingsProblem, StoredSettings } from '../../settings/types';
import { testIds } from '../../utils/testIds';
import { AccessDenied } from '../states/AccessDenied';
import { checkSetup, SetupCheck } from './checkSetup';
import { ConfigDraft, draftFromSettings, draftToStored, validateDraft } from './configDraft';
import { LifecycleEditor } from './LifecycleEditor';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<StoredSettings>> {}

type SaveState = { state: 'idle' } | { state: 'saving' } | { state: 'failed'; message: string };

const ATTRIBUTE_LABELS: Record<keyof AttributeNames, string> = {
  orderId: 'Order id attribute',
  status: 'Status attribute (the status the order entered)',
  previousStatus: 'Previous status attribute',
};

/** The admin-only settings page: datasources, lifecycle, attribute names, deny-list, limits. */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const styles = useStyles2(getStyles);
  const stored = useMemo(() => parseSettings(plugin.meta.jsonData), [plugin.meta.jsonData]);
  const [draft, setDraft] = useState<ConfigDraft>(() => draftFromSettings(stored.settings));
  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  const [checks, setChecks] = useState<SetupCheck[] | 'running' | undefined>();
  const validated = useMemo(() => validateDraft(draft), [draft]);
  const allowed = can('editConfig');
  // Saved is what the form shows: while any problem is listed, nothing is saved (a repaired value
  // would silently differ from what the admin typed).
  const saveAllowed = allowed && validated.problems.length === 0 && save.state !== 'saving';
  const [confirmEmptyDenyList, setConfirmEmptyDenyList] = useState(false);

  if (!allowed) {
    return <AccessDenied capability="editConfig" />;
  }

  const patch = (changes: Partial<ConfigDraft>) => setDraft((current) => ({ ...current, ...changes }));

  const onSave = async (confirmed = false) => {
    if (validated.problems.length > 0) {
      return;
    }
    if (draft.personalDataKeys.length === 0 && stored.settings.personalDataKeys.length > 0 && !confirmed) {
      setConfirmEmptyDenyList(true);
      return;
    }
    setConfirmEmptyDenyList(false);
    setSave({ state: 'saving' });
    try {
      await lastValueFrom(
        getBackendSrv().fetch({
          url: `/api/plugins/${plugin.meta.id}/settings`,
          method: 'POST',
          data: { enabled: plugin.meta.enabled, pinned: plugin.meta.pinned, jsonData: draftToStored(draft) },
          showErrorAlert: false,
        })
      );
      // Grafana hands plugin settings to the app at load time: reload to use the new ones.
      window.location.reload();
    } catch (error) {
      setSave({ state: 'failed', message: error instanceof Error ? error.message : 'Grafana did not accept the settings.' });
    }
  };

  const onCheck = async () => {
    setChecks('running');
    const settings = validated.settings;
    setChecks(
      await checkSetup(settings, {
        jaeger: settings.jaegerDatasourceUid ? datasourceProxyFetcher(settings.jaegerDatasourceUid) : undefined,
        prometheus: settings.prometheusDatasourceUid ? datasourceProxyFetcher(settings.prometheusDatasourceUid) : undefined,
      })
    );
  };

  return (
    <div data-testid={testIds.config.container} className={styles.page}>
      {stored.problems.length > 0 && (
        <ProblemList title="The stored settings had problems; what Order Tracker uses instead is shown below" problems={stored.problems} />
      )}

      <FieldSet label="Datasources">
        <Field label="Jaeger" description="Where order spans are searched (through Grafana's datasource proxy).">
          <DataSourcePicker
            pluginId="jaeger"
            current={draft.jaegerDatasourceUid ?? null}
            noDefault
            width={40}
            onChange={(ds) => patch({ jaegerDatasourceUid: ds.uid })}
            onClear={() => patch({ jaegerDatasourceUid: undefined })}
          />
        </Field>
        <Field label="Prometheus" description="Order metrics and span metrics; without it the pages use traces only.">
          <DataSourcePicker
            pluginId="prometheus"
            current={draft.prometheusDatasourceUid ?? null}
            noDefault
            width={40}
            onChange={(ds) => patch({ prometheusDatasourceUid: ds.uid })}
            onClear={() => patch({ prometheusDatasourceUid: undefined })}
          />
        </Field>
      </FieldSet>

      <FieldSet label="Jaeger search">
        <Field
          label="Search API"
          description="Detect finds out once which search the Jaeger serves: the v3 query API (Jaeger 2.19 and later) or /api/traces (older). Choose one only for a gateway that answers the detection oddly."
        >
          <RadioButtonGroup<JaegerApiSetting>
            options={JAEGER_API_OPTIONS}
            value={draft.jaegerApi}
            onChange={(jaegerApi) => patch({ jaegerApi })}
          />
        </Field>
        <Field
          label="Tag values are patterns"
          description="Jaeger on Elasticsearch or OpenSearch matches tag values as regular expressions: an id with . * + ? and the like would also find other orders. On: such characters are escaped. Check setup finds out which your Jaeger does."
        >
          <Switch
            value={draft.tagValuesAsPatterns}
            onChange={(event) => patch({ tagValuesAsPatterns: event.currentTarget.checked })}
          />
        </Field>
      </FieldSet>

      <FieldSet label="Order lifecycle">
        <p className={styles.hint}>
          Statuses in the order an order passes through them. The SLA is the longest normal stay; an order past it is
          stuck. Terminal statuses end an order and have no SLA.
        </p>
        <LifecycleEditor rows={draft.lifecycle} disabled={save.state === 'saving'} onChange={(lifecycle) => patch({ lifecycle })} />
      </FieldSet>

      <FieldSet label="Telemetry">
        {(Object.keys(ATTRIBUTE_LABELS) as Array<keyof AttributeNames>).map((key) => (
          <Field key={key} label={ATTRIBUTE_LABELS[key]}>
            <Input
              width={40}
              value={draft.attributes[key]}
              onChange={(event) => patch({ attributes: { ...draft.attributes, [key]: event.currentTarget.value } })}
            />
          </Field>
        ))}
        <Field label="Services to search" description="OTel service.name of every service that handles orders.">
          <TagsInput tags={draft.services} onChange={(services) => patch({ services })} placeholder="Add a service and press Enter" />
        </Field>
        <Field
          label="Traces are sampled"
          description="The collector keeps only some traces (recommended: every trace that changes a status or holds an error, a share of the rest). Causes that rest on a missing span then say it may have been sampled out."
        >
          <Switch value={draft.tracesSampled} onChange={(event) => patch({ tracesSampled: event.currentTarget.checked })} />
        </Field>
        <Field label="Dead-letter destinations" description="Regular expression matched against messaging destinations.">
          <Input width={40} value={draft.deadLetterPattern} onChange={(event) => patch({ deadLetterPattern: event.currentTarget.value })} />
        </Field>
      </FieldSet>

      <FieldSet label="Personal data">
        <Field
          label="Attributes never shown"
          description="Span attributes masked before anything reaches the screen, for every role. A key ending in .* masks everything under it."
        >
          <TagsInput tags={draft.personalDataKeys} onChange={(personalDataKeys) => patch({ personalDataKeys })} placeholder="Add a key and press Enter" />
        </Field>
        <Field
          label="Mask what looks like personal data"
          description="E-mail addresses, phone numbers with a country or area code, and payment card numbers are masked in every text (span names, messages, keys), whatever attribute they sit in."
        >
          <Switch
            value={draft.maskPersonalPatterns}
            onChange={(event) => patch({ maskPersonalPatterns: event.currentTarget.checked })}
          />
        </Field>
      </FieldSet>

      <FieldSet label="Limits">
        <Field label="Look-back window" description="How far back an order lookup searches, e.g. 30d (at most 90d).">
          <Input width={20} value={draft.lookback} onChange={(event) => patch({ lookback: event.currentTarget.value })} />
        </Field>
        <Field label="Traces per service for one order">
          <Input width={20} value={draft.orderTraceLimit} onChange={(event) => patch({ orderTraceLimit: event.currentTarget.value })} />
        </Field>
        <Field label="Traces per search for the overview and stuck orders">
          <Input width={20} value={draft.indexTraceLimit} onChange={(event) => patch({ indexTraceLimit: event.currentTarget.value })} />
        </Field>
        <Field
          label="Stuck orders: requests per page load"
          description="The most overdue orders are listed first; how many were left out is said per status."
        >
          <Input
            width={20}
            value={draft.stuckRequestBudget}
            onChange={(event) => patch({ stuckRequestBudget: event.currentTarget.value })}
          />
        </Field>
        <Field label="Stuck orders: megabytes of answers per page load">
          <Input
            width={20}
            value={draft.stuckMegabyteBudget}
            onChange={(event) => patch({ stuckMegabyteBudget: event.currentTarget.value })}
          />
        </Field>
      </FieldSet>

      {validated.problems.length > 0 && <ProblemList title="Fix these before saving" problems={validated.problems} />}
      {save.state === 'failed' && (
        <Alert severity="error" title="The settings were not saved">
          {save.message}
        </Alert>
      )}

      <Stack gap={1}>
        <Button data-testid={testIds.config.save} disabled={!saveAllowed} onClick={() => onSave()}>
          {save.state === 'saving' ? 'Saving…' : 'Save settings'}
        </Button>
        <Button variant="secondary" icon="heart-rate" disabled={checks === 'running'} onClick={onCheck}>
          Check setup
        </Button>
      </Stack>
      <ConfirmModal
        isOpen={confirmEmptyDenyList}
        title="Show every attribute?"
        body="The personal-data list is empty: no attribute will be masked before it reaches the screen. Save anyway?"
        confirmText="Save without a personal-data list"
        onConfirm={() => onSave(true)}
        onDismiss={() => setConfirmEmptyDenyList(false)}
      />
      {checks === 'running' && <p className={styles.hint}>Asking Jaeger and Prometheus…</p>}
      {Array.isArray(checks) && <SetupChecks checks={checks} />}
    </div>
  );
};

function ProblemList({ title, problems }: { title: string; problems: SettingsProblem[] }) {
  const blocking = problems.some((problem) => problem.severity === 'error');
  return (
    <Alert severity={blocking ? 'error' : 'warning'} title={title} data-testid={testIds.config.problems}>
      <ul>
        {problems.map((problem, index) => (
          <li key={index}>
            <code>{problem.field}</code> {problem.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

const CHECK_ICON = { ok: 'check-circle', warning: 'exclamation-triangle', missing: 'times-circle' } as const;

const JAEGER_API_OPTIONS: Array<{ label: string; value: JaegerApiSetting }> = [
  { label: 'Detect', value: 'auto' },
  { label: 'v3 query API', value: 'v3' },
  { label: '/api/traces', value: 'v1' },
];

function SetupChecks({ checks }: { checks: SetupCheck[] }) {
  const styles = useStyles2(getStyles);
  return (
    <ul className={styles.checks} aria-label="Setup check results">
      {checks.map((check) => (
        <li key={check.id} className={styles[check.state]}>
          <Icon name={CHECK_ICON[check.state]} /> {check.message}
        </li>
      ))}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ maxWidth: 960 }),
  hint: css({ color: theme.colors.text.secondary }),
  checks: css({ listStyle: 'none', marginTop: theme.spacing(2), li: { marginBottom: theme.spacing(0.5) } }),
  ok: css({ color: theme.colors.success.text }),
  warning: css({ color: theme.colors.warning.text }),
  missing: css({ color: theme.colors.error.text }),
});

export default AppConfig;
