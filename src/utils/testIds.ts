export const testIds = {
  accessDenied: 'data-testid ordertracker-access-denied',
  orderSearch: {
    input: 'data-testid ordertracker-order-search-input',
    submit: 'data-testid ordertracker-order-search-submit',
    error: 'data-testid ordertracker-order-search-error',
  },
  swimlane: {
    container: 'data-testid ordertracker-swimlane',
    statusSegment: 'data-testid ordertracker-swimlane-status',
    activeBar: 'data-testid ordertracker-swimlane-active-bar',
    tooltip: 'data-testid ordertracker-swimlane-tooltip',
    minimap: 'data-testid ordertracker-swimlane-minimap',
  },
  orderPage: {
    header: 'data-testid ordertracker-order-header',
    verdict: 'data-testid ordertracker-order-verdict',
    evidence: 'data-testid ordertracker-order-evidence',
    state: 'data-testid ordertracker-order-state',
    retry: 'data-testid ordertracker-order-retry',
    widen: 'data-testid ordertracker-order-widen',
    partial: 'data-testid ordertracker-order-partial',
    openTrace: 'data-testid ordertracker-open-trace',
    exploreLink: 'data-testid ordertracker-explore-link',
  },
  traceDrawer: {
    container: 'data-testid ordertracker-trace-drawer',
  },
  config: {
    container: 'data-testid ordertracker-config',
    problems: 'data-testid ordertracker-config-problems',
    save: 'data-testid ordertracker-config-save',
    lifecycleRow: 'data-testid ordertracker-config-lifecycle-row',
    addStatus: 'data-testid ordertracker-config-add-status',
  },
};
