/**
 * Rewrites the provisioned dashboard and alert rules from src/provisioning:
 *   npm run provisioning
 * The golden-file test (src/provisioning/provisioningFiles.test.ts) fails until the committed files
 * match the generators again.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { provisioningFiles } from '../../src/provisioning/provisioningFiles';

const REPO_ROOT = resolve(__dirname, '..', '..');

for (const file of provisioningFiles()) {
  const target = resolve(REPO_ROOT, file.path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.text);
  console.log(file.path);
}
