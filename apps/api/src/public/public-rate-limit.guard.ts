import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { isSafeMethod } from '../common/http-methods.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

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
    @InjectDataSource() private readonly db: DataSource,
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
    const { counts, windowStart, now } = await this.hit(checks.map((c) => c.key));
    if (windowStart > this.sweptWindow) {
      this.sweptWindow = windowStart;
      await this.sweep();
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

  /** Counts one hit on every key in the current window; returns the counts and the window (epoch ms). */
  private async hit(keys: string[]): Promise<{ counts: Map<string, number>; windowStart: number; now: number }> {
    const rows: { key: string; hits: number | string; window_ms: number | string; now_ms: number | string }[] = await this.db.query(
      `WITH w AS (SELECT clock_timestamp() AS now, to_timestamp(floor(extract(epoch FROM clock_timestamp()) / $2) * $2) AS start)
       INSERT INTO public_rate_limits AS l (key, window_seconds, window_start, hits)
       SELECT k, $2, w.start, 1 FROM unnest($1::text[]) WITH ORDINALITY AS u(k, n), w ORDER BY n
       ON CONFLICT (key, window_seconds, window_start) DO UPDATE SET hits = l.hits + 1
       RETURNING l.key, l.hits, (extract(epoch FROM l.window_start) * 1000)::bigint AS window_ms, (SELECT (extract(epoch FROM w.now) * 1000)::bigint FROM w) AS now_ms`,
      [keys, this.windowSeconds],
    );
    const counts = new Map(rows.map((r) => [r.key, Number(r.hits)]));
    return { counts, windowStart: Number(rows[0]?.window_ms ?? 0), now: Number(rows[0]?.now_ms ?? Date.now()) };
  }

  /** Rows of windows that have ended (of any length: an old configuration's rows go too, once over a day old). */
  private async sweep(): Promise<void> {
    await this.db.query(
      `DELETE FROM public_rate_limits
        WHERE window_start < now() - interval '1 day'
           OR (window_seconds = $1 AND window_start < now() - make_interval(secs => $1))`,
      [this.windowSeconds],
    );
  }
}
