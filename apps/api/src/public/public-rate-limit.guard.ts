import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error.js';
import { isSafeMethod } from '../common/http-methods.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PublicRepository } from './public.repository.js';

/** A key is at most this long (the table's CHECK says 200; a slug is at most 63). */
const MAX_KEY_LENGTH = 200;

/** The keys one request counts against, with their limits, in key order (see `PublicRateLimitGuard.hit`). */
export function rateLimitChecks(
  input: { ip: string; slug: string | null; write: boolean },
  limits: { perIp: number; perBusiness: number; writesPerIp: number },
): { key: string; limit: number }[] {
  const checks = [{ key: `ip:${input.ip}`, limit: limits.perIp }];
  if (input.slug) checks.push({ key: `business:${input.slug}`, limit: limits.perBusiness });
  if (input.write) checks.push({ key: `write:${input.ip}`, limit: limits.writesPerIp });
  return checks.map((c) => ({ ...c, key: c.key.slice(0, MAX_KEY_LENGTH) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Fixed-window limits on the public routes, counted in PostgreSQL so they hold once across every
 * replica behind a balancer. Public routes take no sign-in, so they are limited per client address
 * (all public routes, and a tighter budget for writes) and per business (everyone together, so one
 * business's page cannot be used to flood the database).
 *
 * One request is one statement: an upsert of its two or three keys into `public_rate_limits`
 * (UNLOGGED, so no WAL), which returns the new counts. The window is taken from the database's clock,
 * so replicas agree on where it starts. Keys are written in sorted order, so two requests never wait
 * for each other's rows in opposite orders. Once per window each replica deletes the rows of windows
 * that have ended.
 */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  private readonly windowSeconds: number;
  private sweptWindow = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: PublicRepository,
  ) {
    this.windowSeconds = config.publicRateLimitWindowSeconds;
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest<{ Params: { slug?: string } }>>();
    const slug = typeof req.params?.slug === 'string' ? req.params.slug.slice(0, 63) : null;
    const checks = rateLimitChecks(
      { ip: req.ip ?? 'unknown', slug, write: !isSafeMethod(req.method) },
      { perIp: this.config.publicRateLimitPerIp, perBusiness: this.config.publicRateLimitPerBusiness, writesPerIp: this.config.publicWritesPerIp },
    );
    const { counts, windowStart, now } = await this.repo.hitRateLimits(
      checks.map((c) => c.key),
      this.windowSeconds,
    );
    if (windowStart > this.sweptWindow) {
      this.sweptWindow = windowStart;
      await this.repo.sweepRateLimits(this.windowSeconds);
    }
    const over = checks.some((c) => (counts.get(c.key) ?? 0) > c.limit);
    if (over) {
      const retryAfter = Math.max(1, Math.ceil((windowStart + this.windowSeconds * 1000 - now) / 1000));
      throw new DomainError(
        429,
        'rate_limited',
        `Too many requests; try again in ${retryAfter} s`,
        { retryAfterSeconds: retryAfter },
        { 'retry-after': String(retryAfter) },
      );
    }
    return true;
  }
}
