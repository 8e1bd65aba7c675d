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
