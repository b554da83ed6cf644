import { createHmac } from 'node:crypto';

const b64 = (v: object | string) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** Hand-made JWTs for attack tests: any header, any claims, any (or no) signature. */
export function forgeJwt(header: object, payload: object, secret: string | null): string {
  const head = `${b64(header)}.${b64(payload)}`;
  if (secret === null) return `${head}.`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

export function decodeJwt(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}
