import { createHmac, randomUUID } from 'node:crypto';
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { IDEMPOTENCY_EXEMPT_KEY } from './idempotency.decorators.js';
import { IdempotencyRepository, type IdempotencyClaim } from './idempotency.repository.js';

/** How long an answer is kept for replay. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim whose holder has not answered within this lease is taken to be dead and may be taken over. */
const LEASE_MS = 60_000;
/** How long a retry waits for a first request that is still running before answering 409. */
const WAIT_MS = 15_000;
const KEY = /^[\x21-\x7E]{1,255}$/;

/**
 * Idempotent retries (the Stripe / IETF `Idempotency-Key` convention) for every POST that is not
 * declared exempt. The claim is a row in the database, so it holds across replicas:
 * - the first request with a key inserts (scope, key) and does the work; its answer is stored;
 * - a retry with the same key and the same request (method, path, body) gets that answer again,
 *   with `Idempotent-Replayed: true`, without running the handler (so nothing is written or audited
 *   twice); if the first is still running, the retry waits for it;
 * - the same key with a different request is 422 `idempotency_key_reused`;
 * - a first request that fails releases the key (its transaction rolled back, so nothing was done).
 * Scope is the signed-in user (the real actor, across sessions and tokens); anonymous routes are
 * scoped to the client address.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly fingerprintKey: Buffer;

  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly context: ImpersonationContext,
    private readonly clock: Clock,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.fingerprintKey = fingerprintKey(config.jwtSecret);
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const header = req.headers['idempotency-key'];
    if (req.method !== 'POST' || header === undefined || this.reflector.get<boolean>(IDEMPOTENCY_EXEMPT_KEY, ctx.getHandler())) return next.handle();
    if (typeof header !== 'string' || !KEY.test(header)) {
      const message = 'Idempotency-Key must be 1–255 visible ASCII characters (a UUID is a good choice), sent once';
      throw new DomainError(400, 'validation_failed', message, { errors: [{ field: 'Idempotency-Key', messages: [message] }] });
    }
    const path = req.url.split('?')[0]!;
    const claim: IdempotencyClaim = {
      scope: this.context.principal ? `user:${this.context.principal.user.id}` : `anon:${req.ip}`,
      key: header,
      fingerprint: fingerprint(this.fingerprintKey, req.method, req.url, req.body),
      method: req.method,
      path,
      token: randomUUID(),
    };
    const status: number = Reflect.getMetadata(HTTP_CODE_METADATA, ctx.getHandler()) ?? 201;
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    return from(this.acquire(claim)).pipe(
      mergeMap((replay) => {
        if (replay) {
          void reply.status(replay.status).header('idempotent-replayed', 'true');
          return of(replay.status === 204 ? undefined : JSON.parse(replay.body));
        }
        return next.handle().pipe(
          mergeMap((value) => from(this.keys.complete(claim, status, JSON.stringify(value ?? null))).pipe(mergeMap(() => of(value)))),
          catchError((err) => from(this.keys.release(claim)).pipe(mergeMap(() => throwError(() => err)))),
        );
      }),
    );
  }

  /** Null when this request holds the key and must do the work; else the stored answer to replay. */
  private async acquire(claim: IdempotencyClaim): Promise<{ status: number; body: string } | null> {
    const deadline = Date.now() + WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      const now = this.clock.now();
      await this.keys.removeStale(claim.scope, claim.key, now);
      if (await this.keys.claim(claim, now, LEASE_MS, IDEMPOTENCY_TTL_MS)) return null;
      const existing = await this.keys.find(claim.scope, claim.key);
      if (!existing) continue; // released or expired between our insert and read: try to claim again
      if (existing.fingerprint !== claim.fingerprint) {
        throw new DomainError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request (another path or body); use a new key',
        );
      }
      if (existing.state === 'done') return { status: existing.responseStatus!, body: existing.responseBody! };
      if (Date.now() >= deadline) {
        throw new DomainError(409, 'idempotency_key_in_flight', 'The first request with this Idempotency-Key is still running; retry later with the same key');
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** attempt, 250)));
    }
  }
}

/**
 * What makes two requests "the same": method, path with query, and the body with its keys sorted.
 * Keyed (HMAC) with a secret derived from JWT_SECRET, which every replica shares: bodies may carry
 * passwords (a new business's owner, an accepted invitation), and a plain hash in the table would
 * let anyone with a copy of the database test guesses against it.
 */
export function fingerprint(key: Buffer, method: string, url: string, body: unknown): string {
  return createHmac('sha256', key)
    .update(`${method} ${url}\n${canonical(body ?? null)}`)
    .digest('hex');
}

export function fingerprintKey(jwtSecret: string): Buffer {
  return createHmac('sha256', jwtSecret).update('idempotency-key fingerprint').digest();
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
