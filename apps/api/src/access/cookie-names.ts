import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error.js';
import { toProblem } from '../common/problem.js';

/**
 * Cookie names. With Secure cookies (TLS) both carry the `__Host-` prefix: browsers accept such a
 * cookie only from this exact host, over HTTPS, with Path=/ and no Domain, so a sibling subdomain
 * (or a plain-HTTP man in the middle) cannot toss its own session or XSRF cookie at us. Without TLS
 * the prefix is not allowed, so the plain names are used (local trials, tests).
 */
export interface CookieNames {
  session: string;
  xsrf: string;
}

export function cookieNames(secure: boolean): CookieNames {
  return secure ? { session: '__Host-sid', xsrf: '__Host-XSRF-TOKEN' } : { session: 'sid', xsrf: 'XSRF-TOKEN' };
}

/** How many times each of `names` occurs in a raw Cookie header. */
function occurrences(header: string, names: string[]): number[] {
  const counts = names.map(() => 0);
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    const i = names.indexOf(name);
    if (i >= 0) counts[i]!++;
  }
  return counts;
}

/**
 * Cookie tossing: a request carrying two session (or two XSRF) cookies means someone else planted
 * one (cookie parsers keep the first, which the attacker can arrange to be theirs). Refuse it with
 * 400 `cookie_conflict` before anything reads either; the fix for a real user is to sign in again.
 */
export function registerDuplicateCookieCheck(fastify: FastifyInstance, names: CookieNames): void {
  const watched = [names.session, names.xsrf];
  fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const raw = req.headers.cookie;
    if (!raw || !occurrences(raw, watched).some((n) => n > 1)) return;
    const { problem } = toProblem(new DomainError(400, 'cookie_conflict', 'The request carries more than one session cookie; sign in again'));
    return reply
      .status(400)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .header('cache-control', 'no-store')
      .send({ ...problem, instance: req.url.split('?')[0], requestId: String(req.id) });
  });
}
