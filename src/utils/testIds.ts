export const testIds = {
  accessDenied: 'data-testid ordertracker-access-denied',
  orderSearch: {
    input: 'data-testid ordertracker-order-search-input',
    submit: 'data-testid ordertracker-order-search-submit',
    error: 'data-testid ordertracker-order-search-error',
  },
  config: {
    container: 'data-testid ordertracker-config',
    problems: 'data-testid ordertracker-config-problems',
    save: 'data-testid ordertracker-config-save',
    lifecycleRow: 'data-testid ordertracker-config-lifecycle-row',
    addStatus: 'data-testid ordertracker-config-add-status',
  },
};
