export const testIds = {
  appConfig: {
    container: 'data-testid ac-container',
    apiKey: 'data-testid ac-api-key',
    apiUrl: 'data-testid ac-api-url',
    submit: 'data-testid ac-submit-form',
  },
  pageOne: {
    container: 'data-testid pg-one-container',
    navigateToFour: 'data-testid navigate-to-four',
  },
  pageTwo: {
    container: 'data-testid pg-two-container',
  },
  pageThree: {
    container: 'data-testid pg-three-container',
  },
  pageFour: {
    container: 'data-testid pg-four-container',
    navigateBack: 'data-testid navigate-back',
  },
};
