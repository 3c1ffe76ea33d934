import { readdirSync } from 'node:fs';
import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

// The boundaries of the codebase, held by lint rather than by a sentence in a README.
const PAGES = readdirSync(new URL('./src/pages', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const ENGINE_INTERNALS = {
  group: ['**/engine/**', '!**/engine/index', '!**/engine/index.ts'],
  message: 'Import the engine through its public index (src/engine), not its files.',
};
const pageBoundary = (page) => ({
  files: [`src/pages/${page}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ENGINE_INTERNALS,
          {
            group: PAGES.filter((other) => other !== page).flatMap((other) => [`../${other}`, `../${other}/**`, `**/pages/${other}/**`]),
            message: 'Pages never import each other: move what two pages share beside them (src/components, src/orders, …).',
          },
        ],
      },
    ],
  },
});

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
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['.config/**', 'src/engine/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ENGINE_INTERNALS] }],
    },
  },
  ...PAGES.map(pageBoundary),
]);
