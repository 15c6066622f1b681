// Test support only: the cache directory of the file analyses' embedded database.

/** Names the directory that holds the embedded database of the file analyses (set by the global setup). */
export const analysisCacheVariable = 'RAPPORT_TEST_ANALYSIS_CACHE'

/**
 * The run's cache, warmed once by the global setup, so that no analysis thread creates its database (seconds);
 * `fallback` when run without it.
 */
export function analysisCacheDir<T extends string | false>(fallback: T): string | T {
  return process.env[analysisCacheVariable] ?? fallback
}
