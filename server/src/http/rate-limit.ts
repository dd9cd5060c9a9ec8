/** A token bucket per account: bursts up to `burst` requests, then `perSecond` on average. */

export interface RateLimit {
  /** Requests per second an account may make on average. */
  perSecond: number;
  /** Requests an idle account may make at once; `perSecond` when absent. */
  burst?: number;
}

export interface RateLimiter {
  /** Takes one token for `account`: 0 when allowed, else the seconds to wait before retrying. */
  take(account: string): number;
}

export function createRateLimiter(
  { perSecond, burst = perSecond }: RateLimit,
  now: () => number = () => performance.now(),
): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  /** How long an untouched bucket takes to fill up again, after which it can be forgotten. */
  const refillMs = (burst / perSecond) * 1000;
  let lastSweep = now();
  return {
    take(account) {
      const at = now();
      if (buckets.size > 10_000 && at - lastSweep > refillMs) {
        lastSweep = at;
        for (const [id, bucket] of buckets) if (at - bucket.at > refillMs) buckets.delete(id);
      }
      const bucket = buckets.get(account) ?? { tokens: burst, at };
      bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.at) / 1000) * perSecond);
      bucket.at = at;
      buckets.set(account, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    },
  };
}
