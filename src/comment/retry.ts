/**
 * When and how long to wait before retrying an API call: 5xx with exponential backoff; rate
 * limits (403/429 with `retry-after`, or `x-ratelimit-remaining: 0` with `x-ratelimit-reset`,
 * as GitHub documents for primary and secondary limits; GitLab sends `retry-after` and
 * `ratelimit-reset`) for as long as the server asks, up to a cap.
 */

export interface RetryPolicy {
  /** Attempts after the first. @default 3 */
  retries: number;
  /** First backoff for 5xx, doubled each attempt. @default 1000 */
  baseMs: number;
  /** Longest wait the bot accepts; a rate limit resetting later fails instead. @default 60000 */
  maxWaitMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

export const defaultRetryPolicy = (): RetryPolicy => ({
  retries: 3,
  baseMs: 1000,
  maxWaitMs: 60_000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  now: () => Date.now(),
});

type HeaderGetter = (name: string) => string | undefined;

/** True when a 403/429 response is a rate limit rather than a permission problem. */
export function isRateLimited(status: number, header: HeaderGetter, message = ''): boolean {
  if (status === 429) return true;
  if (status !== 403) return false;
  return header('retry-after') !== undefined || header('x-ratelimit-remaining') === '0' || /rate limit/i.test(message);
}

/**
 * Milliseconds to wait before attempt `attempt + 1`, or undefined when the response must not
 * be retried. A rate limit whose reset is further away than `maxWaitMs` is not retried.
 */
export function retryDelay(status: number, header: HeaderGetter, attempt: number, policy: RetryPolicy, message = ''): number | undefined {
  if (attempt >= policy.retries) return undefined;
  if (isRateLimited(status, header, message)) {
    const after = Number(header('retry-after'));
    let wait: number;
    if (Number.isFinite(after) && header('retry-after') !== undefined) wait = after * 1000;
    else {
      const reset = Number(header('x-ratelimit-reset') ?? header('ratelimit-reset'));
      // GitHub: epoch seconds; GitLab's RateLimit-Reset is epoch seconds too.
      wait = Number.isFinite(reset) ? Math.max(0, reset * 1000 - policy.now()) : policy.baseMs * 2 ** attempt;
    }
    return wait <= policy.maxWaitMs ? wait : undefined;
  }
  if (status >= 500 && status <= 599) return policy.baseMs * 2 ** attempt;
  return undefined;
}
