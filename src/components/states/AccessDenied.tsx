import React from 'react';
import { EmptyState } from '@grafana/ui';
import { Capability, roleNeededFor } from '../../access/access';
import { testIds } from '../../utils/testIds';

const WHAT: Record<Capability, string> = {
  viewOrders: 'look up orders',
  openTraceDrawer: 'open raw traces',
  openExplore: 'open traces in Explore',
  editConfig: 'change Order Tracker settings',
};

/** Shown instead of a page or link the user's role does not allow: says which role to ask for. */
export function AccessDenied({ capability }: { capability: Capability }) {
  return (
    <div data-testid={testIds.accessDenied}>
      <EmptyState variant="not-found" message={`You need the ${roleNeededFor(capability)} role`}>
        Your Grafana role does not allow you to {WHAT[capability]}. Ask your Grafana administrator for the{' '}
        {roleNeededFor(capability)} role; companies usually grant it through a group in their single sign-on.
      </EmptyState>
    </div>
  );
}
