// CORS for browser callers: headers only for ALLOWED_ORIGINS, and preflights recognised.
import type { Headers } from './errors';

const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type';

/** CORS headers for an allowed origin; none at all for any other origin (the browser then blocks the answer). */
export function corsHeaders(origin: string | undefined, allowedOrigins: readonly string[]): Headers {
  if (!origin || !allowedOrigins.includes(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}

/**
 * Functions are not told the HTTP method. A CORS preflight is recognised by its
 * Access-Control-Request-Method header (browsers always send it on OPTIONS).
 */
export function isPreflight(headers: Record<string, unknown>): boolean {
  return typeof headers['access-control-request-method'] === 'string';
}
