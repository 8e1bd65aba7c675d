// Session JWTs as a host app would sign them, made with an independent library (jose).
import { SignJWT } from 'jose';
import { SESSION_SECRET } from './fixtures';

export async function sessionJwt(claims: Record<string, unknown>, options: { alg?: string; secret?: string } = {}): Promise<string> {
  const key = new TextEncoder().encode(options.secret ?? SESSION_SECRET);
  return new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256' }).sign(key);
}

export const secondsFromNow = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;
