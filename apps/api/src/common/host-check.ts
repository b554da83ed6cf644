import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { DomainError } from './domain-error.js';
import { toProblem } from './problem.js';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `host[:port]` as a browser would send it for this origin (default ports omitted), lower-cased. */
function normalHost(host: string, protocol: 'http:' | 'https:'): string {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (protocol === 'https:' && h.endsWith(':443')) return h.slice(0, -4);
  if (protocol === 'http:' && h.endsWith(':80')) return h.slice(0, -3);
  return h;
}

function hostname(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
}

/**
 * The Host and Origin rules, derived once from PUBLIC_URL. A local instance (PUBLIC_URL on a
 * loopback name, the embedded default) also answers to the other loopback names, on any port: a
 * page can only reach those names from the machine itself, and a rebound name (evil.test → 127.0.0.1)
 * still arrives with its own name in Host.
 */
export class PublicOrigin {
  readonly origin: string;
  private readonly protocol: 'http:' | 'https:';
  private readonly host: string;
  private readonly port: string;
  readonly local: boolean;

  constructor(
    publicUrl: string,
    private readonly extraOrigins: string[] = [],
  ) {
    const url = new URL(publicUrl);
    this.origin = url.origin;
    this.protocol = url.protocol as 'http:' | 'https:';
    this.host = normalHost(url.host, this.protocol);
    this.port = url.port;
    this.local = LOOPBACK_NAMES.has(url.hostname);
  }

  /** Whether a request's Host header names this instance. Forwarded headers are never consulted. */
  allowsHost(raw: string | undefined): boolean {
    if (!raw) return false;
    const host = normalHost(raw, this.protocol);
    if (host === this.host) return true;
    return this.local && LOOPBACK_NAMES.has(hostname(host));
  }

  /** Whether a sign-in may be posted from this Origin: ours (a loopback twin when local) or one listed in ALLOWED_ORIGINS. */
  allowsOrigin(origin: string): boolean {
    if (origin === this.origin || this.extraOrigins.includes(origin)) return true;
    if (!this.local) return false;
    try {
      const url = new URL(origin);
      return url.origin === origin && url.protocol === this.protocol && url.port === this.port && LOOPBACK_NAMES.has(url.hostname);
    } catch {
      return false;
    }
  }
}

/**
 * DNS rebinding: a page on a name its owner points at 127.0.0.1 would otherwise be served by a
 * local instance as if same-origin. Every request (API, admin, docs) whose Host is not the public
 * origin's is refused with 421 `host_invalid` before routing. The health check answers any Host, so
 * load balancers can probe by address; it reveals nothing.
 */
export function registerHostCheck(fastify: FastifyInstance, publicOrigin: PublicOrigin): void {
  fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (publicOrigin.allowsHost(req.headers.host)) return;
    const path = req.url.split('?')[0]!;
    if (path === '/api/health' && req.method === 'GET') return;
    const { problem } = toProblem(new DomainError(421, 'host_invalid', 'This server does not answer for that host name'));
    return reply
      .status(421)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .header('cache-control', 'no-store')
      .send({ ...problem, instance: path, requestId: String(req.id) });
  });
}

export function publicOriginOf(config: Pick<AppConfig, 'publicUrl' | 'allowedOrigins'>): PublicOrigin {
  return new PublicOrigin(config.publicUrl, config.allowedOrigins);
}
