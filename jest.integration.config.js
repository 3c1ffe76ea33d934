// Integration tests: real Jaeger and Prometheus on 127.0.0.1, started once for the whole run by
// tests/integration/globalSetup.ts and seeded with a simulator history run.
const base = require('./.config/jest.config');

module.exports = {
  transform: base.transform,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
  globalSetup: '<rootDir>/tests/integration/globalSetup.ts',
  globalTeardown: '<rootDir>/tests/integration/globalTeardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
};
