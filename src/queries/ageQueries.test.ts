import { DEFAULT_LIFECYCLE } from '../settings/defaults';
import { ageBuckets, leSpellings, olderThan, pastSlaByStatus, shareOlderThan } from './promql';

describe('queries on the age distribution of the orders in a status', () => {
  it('matches a bucket bound however the exporter spells it', () => {
    expect(leSpellings(600)).toBe('600|600\\.0');
    expect(leSpellings(2_592_000)).toBe('2592000|2592000\\.0|2\\.592e\\+06');
    expect(leSpellings(0.5)).toBe('0\\.5');
    expect(leSpellings(1_234_567.5)).toBe('1234567\\.5|1\\.2345675e\\+06');
  });

  it('counts the orders in a status longer than a bound, per status', () => {
    expect(olderThan('SUBMITTED', 600)).toBe(
      '(sum by (status) (order_status_age_seconds_count{status="SUBMITTED"}) - sum by (status) (order_status_age_seconds_bucket{status="SUBMITTED", le=~"600|600\\\\.0"}))'
    );
    expect(ageBuckets()).toBe('sum by (status, le) (order_status_age_seconds_bucket)');
  });

  it('the share has no series while nobody is in the status (no division by zero)', () => {
    expect(shareOlderThan('SUBMITTED', 600)).toMatch(
      /\/ \(sum by \(status\) \(order_status_age_seconds_count\{status="SUBMITTED"\}\) > 0\)$/
    );
  });

  it('past SLA has one clause per status with an SLA, none for terminal statuses or drafts', () => {
    const expr = pastSlaByStatus(DEFAULT_LIFECYCLE);
    expect(expr.split(' or ')).toHaveLength(7);
    expect(expr).not.toContain('CLOSED');
    expect(expr).not.toContain('INITIATED');
    expect(pastSlaByStatus([])).toBe('vector(0) < 0');
  });
});
