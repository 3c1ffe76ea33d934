// Force UTC so that time formatting in tests does not depend on the machine's zone.
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  ...base,
  // The unit and component suite; tests that need real Jaeger/Prometheus live under tests/integration
  // and run with jest.integration.config.js.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/', '<rootDir>/simulator/', '<rootDir>/dist/'],
  transform: {
    ...base.transform,
    // d3-color and friends ship .mjs that the scaffold's transform would skip.
    '^.+\\.mjs$': base.transform['^.+\\.(t|j)sx?$'],
  },
};
