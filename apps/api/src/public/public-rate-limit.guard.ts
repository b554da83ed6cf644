import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error.js';
import { isSafeMethod } from '../common/http-methods.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** Counters kept at most; past this the oldest window is dropped first (a flood of addresses cannot grow memory without bound). */
const MAX_KEYS = 100_000;

/**
 * Fixed-window counters in this process's memory. Public routes take no sign-in, so they are
 * limited per client address (all public routes, and a tighter budget for writes) and per business
 * (everyone together, so one business's page cannot be used to flood the database). Limits are per
 * replica: with N replicas behind a balancer a client gets up to N times the budget, which is the
 * trade for not writing to PostgreSQL on every anonymous request.
 */
export class FixedWindowCounter {
  private readonly counts = new Map<string, { windowStart: number; count: number }>();
  constructor(private readonly windowMs: number) {}

  /** Counts one hit; returns the seconds to wait when `limit` is exceeded, else null. */
  hit(key: string, limit: number, now: number): number | null {
    const windowStart = now - (now % this.windowMs);
    let entry = this.counts.get(key);
    if (!entry || entry.windowStart !== windowStart) {
      if (entry) this.counts.delete(key);
      else if (this.counts.size >= MAX_KEYS) this.evict(windowStart);
      entry = { windowStart, count: 0 };
      this.counts.set(key, entry);
    }
    entry.count++;
    return entry.count > limit ? Math.max(1, Math.ceil((windowStart + this.windowMs - now) / 1000)) : null;
  }

  private evict(currentWindow: number): void {
    for (const [key, entry] of this.counts) if (entry.windowStart !== currentWindow) this.counts.delete(key);
    // Every key is from this window: drop the oldest-inserted half (Map keeps insertion order).
    if (this.counts.size >= MAX_KEYS) {
      let n = this.counts.size / 2;
      for (const key of this.counts.keys()) {
        if (n-- <= 0) break;
        this.counts.delete(key);
      }
    }
  }
}

@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  private readonly counter: FixedWindowCounter;
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.counter = new FixedWindowCounter(config.publicRateLimitWindowSeconds * 1000);
  }

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<FastifyRequest<{ Params: { slug?: string } }>>();
    const ip = req.ip ?? 'unknown';
    const now = Date.now();
    const slug = typeof req.params?.slug === 'string' ? req.params.slug.slice(0, 63) : null;
    const checks: [string, number][] = [[`ip:${ip}`, this.config.publicRateLimitPerIp]];
    if (slug) checks.push([`business:${slug}`, this.config.publicRateLimitPerBusiness]);
    if (!isSafeMethod(req.method)) checks.push([`write:${ip}`, this.config.publicWritesPerIp]);
    for (const [key, limit] of checks) {
      const retryAfter = this.counter.hit(key, limit, now);
      if (retryAfter !== null) {
        throw new DomainError(429, 'rate_limited', `Too many requests; try again in ${retryAfter} s`, { retryAfterSeconds: retryAfter }, { 'retry-after': String(retryAfter) });
      }
    }
    return true;
  }
}
