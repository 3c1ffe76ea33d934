import { ExecutedPlan, executePlan, FetchJson } from '../datasource/jaegerClient';
import { dialectOf, JaegerApiSetting, rememberServiceRequired } from '../datasource/jaegerDialect';
import type { RequestPool } from '../datasource/requestPool';
import { JaegerDialect, JaegerRequestPlan } from '../engine';

export interface SearchOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The settings' choice of API (`auto` finds it out once per Jaeger). */
  api?: JaegerApiSetting;
  /** The connections and budget of the page load (default: six connections, no budget). */
  pool?: RequestPool;
}

export interface SearchResult extends ExecutedPlan {
  plan: JaegerRequestPlan;
  dialect: JaegerDialect;
}

/**
 * One wave of searches in the dialect this Jaeger speaks. Where a v3 search without a service is
 * refused (400: the storage cannot serve it), the wave is planned again per configured service,
 * and the Jaeger is remembered as needing one.
 */
export async function searchJaeger(
  planFor: (dialect: JaegerDialect) => JaegerRequestPlan,
  fetchJson: FetchJson,
  options: SearchOptions = {}
): Promise<SearchResult> {
  const { dialect } = await dialectOf(fetchJson, options.api, options.signal, options.timeoutMs);
  const plan = planFor(dialect);
  const result = await executePlan(plan, fetchJson, options);
  const refused = result.outcomes.some(
    (outcome) => outcome.request.service === undefined && outcome.state === 'error' && outcome.httpStatus === 400
  );
  if (!refused) {
    return { ...result, plan, dialect };
  }
  rememberServiceRequired(fetchJson);
  const perService: JaegerDialect = { ...dialect, serviceless: false };
  const again = planFor(perService);
  return { ...(await executePlan(again, fetchJson, options)), plan: again, dialect: perService };
}
