import { hasPermission } from '@grafana/runtime';
import { Capability, isAllowed } from './access';

/** May the signed-in user do this? Answers from the permissions Grafana loaded for the user. */
export function can(capability: Capability): boolean {
  return isAllowed(capability, hasPermission);
}
