/**
 * Datadog's intake limits (docs.datadoghq.com/api/latest/metrics): a v2 series request is at most
 * 512000 bytes compressed and 5242880 bytes once decompressed; distribution points follow the
 * same limits. We stay a little under both. Points older than one hour are rejected.
 */
export const MAX_COMPRESSED_BYTES = 500_000;
export const MAX_UNCOMPRESSED_BYTES = 5_000_000;
/** Points are dropped before they reach the API's one-hour limit, with a margin for the trip. */
export const MAX_POINT_AGE_SECONDS = 3600 - 120;
