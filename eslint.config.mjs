import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '**/*.log',
      '**/npm-debug.log*',
      '**/yarn-debug.log*',
      '**/yarn-error.log*',
      '**/.pnpm-debug.log*',
      '**/node_modules/',
      '.yarn/cache',
      '.yarn/unplugged',
      '.yarn/build-state.yml',
      '.yarn/install-state.gz',
      '**/.pnp.*',
      '**/pids',
      '**/*.pid',
      '**/*.seed',
      '**/*.pid.lock',
      '**/lib-cov',
      '**/coverage',
      '**/dist/',
      '**/artifacts/',
      '**/ci/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.idea',
      '**/.eslintcache',
      '.config/types/**',
      '.test-results/',
      'simulator/node_modules/',
    ],
  },
  ...baseConfig,
  {
    // The scaffold only types src/; the test harness, scripts and the simulator are held to the same rules.
    files: ['tests/**/*.ts', 'scripts/**/*.ts', 'scripts/**/*.tsx', 'simulator/src/**/*.ts', 'simulator/bench/**/*.ts'],
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['.config/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
]);
