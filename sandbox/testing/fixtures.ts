// Throwaway credentials with the shapes Twilio uses (never real ones).
export const ACCOUNT_SID = 'AC' + 'a'.repeat(32);
export const AUTH_TOKEN = '0123456789abcdef0123456789abcdef';
export const API_KEY_SID = 'SK' + 'b'.repeat(32);
export const API_KEY_SECRET = 'fedcba9876543210fedcba9876543210';
export const SERVICE_SID = 'IS' + 'c'.repeat(32);
export const SESSION_SECRET = 'session-secret-for-tests-only-0123456789';
export const SERVER_API_TOKEN = 'server-api-token-for-tests-only-0123456789';
export const ORIGIN = 'https://shop.example.com';

export const baseEnv = {
  ACCOUNT_SID,
  AUTH_TOKEN,
  API_KEY_SID,
  API_KEY_SECRET,
  CONVERSATIONS_SERVICE_SID: SERVICE_SID,
  SESSION_SECRET,
  SERVER_API_TOKEN,
  ALLOWED_ORIGINS: ORIGIN,
};

/**
 * What points the functions at one sandbox: its credentials and Service, and the base URL
 * their REST client goes to instead of *.twilio.com (the sandbox itself, or a proxy before it).
 */
export function sandboxWiring(
  sandbox: { accountSid: string; authToken: string; serviceSid: string; url: string },
  baseUrl: string = sandbox.url,
): Record<'ACCOUNT_SID' | 'AUTH_TOKEN' | 'CONVERSATIONS_SERVICE_SID' | 'TWILIO_API_BASE_URL', string> {
  return { ACCOUNT_SID: sandbox.accountSid, AUTH_TOKEN: sandbox.authToken, CONVERSATIONS_SERVICE_SID: sandbox.serviceSid, TWILIO_API_BASE_URL: baseUrl };
}
