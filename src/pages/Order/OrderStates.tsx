import React from 'react';
import { Alert, Button, EmptyState, LoadingPlaceholder, Text, TextLink } from '@grafana/ui';
import { CONFIG_PAGE_URL } from '../../constants';
import { formatClock, formatHumanDuration, JaegerRequestPlan, RequestOutcome } from '../../engine';
import { testIds } from '../../utils/testIds';
import { incompleteSearches } from '../../orders/lookUpOrder';

const US_PER_SECOND = 1_000_000;

export function describeWindow(plan: Pick<JaegerRequestPlan, 'startUs' | 'endUs'>): string {
  return `the last ${formatHumanDuration(plan.endUs - plan.startUs)} (${formatClock(plan.startUs)} to ${formatClock(plan.endUs)})`;
}

export function LookupLoading({ services, lookbackSeconds }: { services: string[]; lookbackSeconds: number }) {
  return (
    <div data-testid={testIds.orderPage.state} data-state="loading">
      <LoadingPlaceholder
        text={`Searching ${services.length} service${services.length === 1 ? '' : 's'} (${services.join(', ')}) over the last ${formatHumanDuration(
          lookbackSeconds * US_PER_SECOND
        )}…`}
      />
    </div>
  );
}

export function InvalidOrderId({ message }: { message: string }) {
  return (
    <div data-testid={testIds.orderPage.state} data-state="invalid">
      <Alert severity="warning" title="This is not an order id that can be looked up">
        {message} Type the id again in the box above.
      </Alert>
    </div>
  );
}

export function NotConfigured({ isAdmin }: { isAdmin: boolean }) {
  return (
    <div data-testid={testIds.orderPage.state} data-state="misconfigured">
      <EmptyState variant="call-to-action" message="No Jaeger datasource is chosen for Order Tracker">
        {isAdmin ? (
          <>
            Orders are looked up in Jaeger through a Grafana datasource.{' '}
            <TextLink href={CONFIG_PAGE_URL} inline>
              Choose the Jaeger datasource in the Order Tracker settings
            </TextLink>
            .
          </>
        ) : (
          <>Orders cannot be looked up until a Grafana administrator chooses the Jaeger datasource for Order Tracker.</>
        )}
      </EmptyState>
    </div>
  );
}

/** The lookup failed on something other than a datasource outcome: say what, offer to try again. */
export function LookupFailed({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div data-testid={testIds.orderPage.state} data-state="failed">
      <Alert severity="error" title="The order could not be shown">
        {`Reading the order's traces failed: ${message}`}
        <div>
          <Button variant="secondary" size="sm" onClick={onRetry}>
            Try again
          </Button>
        </div>
      </Alert>
    </div>
  );
}

interface NotFoundProps {
  orderId: string;
  plan: JaegerRequestPlan;
  outcomes: RequestOutcome[];
  widerSeconds?: number;
  onWiden: (seconds: number) => void;
}

export function OrderNotFound({ orderId, plan, outcomes, widerSeconds, onWiden }: NotFoundProps) {
  const services = [...new Set(plan.requests.map((request) => request.service))];
  const incomplete = incompleteSearches(outcomes);
  return (
    <div data-testid={testIds.orderPage.state} data-state="not_found">
      <EmptyState variant="not-found" message={`No traces of order ${orderId}`}>
        <Text element="p">
          No span with this order id was found in {services.join(', ')} in {describeWindow(plan)}. Check the id, or
          the order may be older than the window.
        </Text>
        {incomplete.length > 0 && <PartialNotice outcomes={outcomes} />}
        {widerSeconds !== undefined && (
          <Button icon="history" variant="secondary" onClick={() => onWiden(widerSeconds)} data-testid={testIds.orderPage.widen}>
            Search the last {formatHumanDuration(widerSeconds * US_PER_SECOND)}
          </Button>
        )}
      </EmptyState>
    </div>
  );
}

export function JaegerUnavailable({ outcomes, timedOut, onRetry }: { outcomes: RequestOutcome[]; timedOut: boolean; onRetry: () => void }) {
  const messages = [...new Set(outcomes.map((outcome) => outcome.message).filter((message): message is string => !!message))];
  return (
    <div data-testid={testIds.orderPage.state} data-state="unavailable">
      <Alert
        severity="error"
        title={timedOut ? 'Jaeger did not answer in time' : 'Jaeger could not be reached'}
      >
        {timedOut
          ? 'The trace search took too long, so the lookup was stopped. Jaeger or its storage may be overloaded; try again in a moment.'
          : 'Every search for this order failed, so nothing can be said about it yet.'}
        {messages.length > 0 && (
          <ul>
            {messages.slice(0, 5).map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
        <Button size="sm" icon="sync" onClick={onRetry} data-testid={testIds.orderPage.retry}>
          Try again
        </Button>
      </Alert>
    </div>
  );
}

/** Names each search that failed or hit its limit: the result shown may be missing spans. */
export function PartialNotice({ outcomes, onRetry }: { outcomes: RequestOutcome[]; onRetry?: () => void }) {
  const incomplete = incompleteSearches(outcomes);
  if (incomplete.length === 0) {
    return null;
  }
  return (
    <div data-testid={testIds.orderPage.partial}>
      <Alert severity="warning" title="Part of the order may be missing">
        <ul>
          {incomplete.map(({ service, reason }) => (
            <li key={`${service}-${reason}`}>
              The search in <strong>{service}</strong> {reason}.
            </li>
          ))}
        </ul>
        {onRetry && (
          <Button size="sm" variant="secondary" icon="sync" onClick={onRetry} data-testid={testIds.orderPage.retry}>
            Search again
          </Button>
        )}
      </Alert>
    </div>
  );
}
