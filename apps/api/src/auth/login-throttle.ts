import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { LoginThrottleKey } from './login-throttle.entity.js';
import { SessionsRepository } from './sessions.repository.js';

/** One row of `login_throttle`, as the decision reads it. */
export type ThrottleRow = Pick<LoginThrottleKey, 'key' | 'failures' | 'lastFailureAt' | 'inFlight' | 'inFlightUntil' | 'nextAllowedAt'>;

export interface ThrottleLimits {
  /** Hard limit of failures per (account, address) pair within the window. */
  perPair: number;
  /** Failures on one account (from anywhere) after which its attempts are slowed, not refused. */
  slowAccountAfter: number;
  /** Failures from one address (on any account) after which its attempts are slowed. */
  slowAddressAfter: number;
  windowMs: number;
  maxDelayMs: number;
}

export type KeyKind = 'pair' | 'account' | 'address';

/** How long an in-flight reservation counts if its request never settles (a crashed replica). */
const IN_FLIGHT_TTL_MS = 30_000;

/** Failures still inside the window: they expire once the key has seen no failure for a whole window. */
export function liveFailures(row: ThrottleRow, now: Date, windowMs: number): number {
  return row.lastFailureAt && now.getTime() - row.lastFailureAt.getTime() < windowMs ? row.failures : 0;
}

export function liveInFlight(row: ThrottleRow, now: Date): number {
  return row.inFlightUntil && row.inFlightUntil.getTime() > now.getTime() ? row.inFlight : 0;
}

/**
 * The decision for one key, made while its row is locked. A pair is refused outright once its
 * failures plus the attempts already in flight reach the limit; an account or an address is only
 * slowed: past its threshold it evaluates one attempt at a time, each at least the current delay
 * after the last failure. Returns null to allow, else the seconds to wait.
 */
export function refusal(kind: KeyKind, row: ThrottleRow, now: Date, limits: ThrottleLimits): number | null {
  const failures = liveFailures(row, now, limits.windowMs);
  const inFlight = liveInFlight(row, now);
  if (kind === 'pair') {
    if (failures + inFlight < limits.perPair) return null;
    if (failures >= limits.perPair) return seconds(row.lastFailureAt!.getTime() + limits.windowMs - now.getTime());
    return 1; // the remaining attempts are being evaluated right now
  }
  const threshold = kind === 'account' ? limits.slowAccountAfter : limits.slowAddressAfter;
  if (failures + inFlight < threshold) return null;
  if (inFlight > 0) return 1;
  const wait = row.nextAllowedAt ? row.nextAllowedAt.getTime() - now.getTime() : 0;
  return wait > 0 ? seconds(wait) : null;
}

/** The delay a slowed key imposes after its n-th failure: 1 s at the threshold, doubling, capped. */
export function delayAfter(failures: number, threshold: number, maxDelayMs: number): number {
  if (failures < threshold) return 0;
  return Math.min(maxDelayMs, 1000 * 2 ** Math.min(30, failures - threshold));
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

export interface Reservation {
  keys: { key: string; kind: KeyKind }[];
}

export type SettleOutcome = 'failure' | 'success' | 'not_evaluated';

/**
 * Sign-in throttling that holds across replicas and under bursts. Before the password is checked,
 * `reserve` locks the rows of the pair, the account and the address (in key order, so concurrent
 * reservations never deadlock), decides, and counts the attempt as in flight; `settle` records the
 * verdict. Only evaluated wrong passwords count as failures: refused Origins, malformed bodies and
 * refused (429) attempts never reach the password check, so they cannot be used to lock anyone out.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger('LoginThrottle');
  private lastSweep = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly repo: SessionsRepository,
  ) {}

  get limits(): ThrottleLimits {
    return {
      perPair: this.config.loginMaxFailuresPerPair,
      slowAccountAfter: this.config.loginMaxFailuresPerAccount,
      slowAddressAfter: this.config.loginMaxFailuresPerIp,
      windowMs: this.config.loginWindowMinutes * 60_000,
      maxDelayMs: this.config.loginMaxDelaySeconds * 1000,
    };
  }

  static keysFor(account: string, ip: string | null): { key: string; kind: KeyKind }[] {
    const address = ip ?? 'unknown';
    const keys: { key: string; kind: KeyKind }[] = [
      { key: `account:${account}`, kind: 'account' },
      { key: `address:${address}`, kind: 'address' },
      { key: `pair:${address}|${account}`, kind: 'pair' },
    ];
    return keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Reserves one attempt, or returns the seconds to wait (the attempt is then not evaluated). */
  async reserve(account: string, ip: string | null): Promise<{ reservation: Reservation } | { retryAfterSeconds: number; kind: KeyKind }> {
    const keys = LoginThrottle.keysFor(account, ip);
    const now = this.clock.now();
    const limits = this.limits;
    return this.db.transaction(async (em) => {
      const rows = await this.lock(
        em,
        keys.map((k) => k.key),
        now,
      );
      let worst: { retryAfterSeconds: number; kind: KeyKind } | null = null;
      for (const { key, kind } of keys) {
        const wait = refusal(kind, rows.get(key)!, now, limits);
        if (wait !== null && (!worst || wait > worst.retryAfterSeconds)) worst = { retryAfterSeconds: wait, kind };
      }
      if (worst) return worst;
      const until = new Date(now.getTime() + IN_FLIGHT_TTL_MS);
      await this.repo.reserveThrottleKeys(
        em,
        keys.map((k) => k.key),
        now,
        until,
      );
      return { reservation: { keys } };
    });
  }

  /** Records the verdict of a reserved attempt and releases its in-flight slot. Never throws. */
  async settle(reservation: Reservation, outcome: SettleOutcome): Promise<void> {
    const now = this.clock.now();
    const limits = this.limits;
    try {
      await this.db.transaction(async (em) => {
        const rows = await this.lock(
          em,
          reservation.keys.map((k) => k.key),
          now,
        );
        for (const { key, kind } of reservation.keys) {
          const row = rows.get(key)!;
          const inFlight = Math.max(0, liveInFlight(row, now) - 1);
          let failures = liveFailures(row, now, limits.windowMs);
          let lastFailureAt = failures > 0 ? row.lastFailureAt : null;
          let nextAllowedAt = row.nextAllowedAt;
          if (outcome === 'failure') {
            failures += 1;
            lastFailureAt = now;
            const threshold = kind === 'account' ? limits.slowAccountAfter : kind === 'address' ? limits.slowAddressAfter : Infinity;
            const delay = delayAfter(failures, threshold, limits.maxDelayMs);
            nextAllowedAt = delay > 0 ? new Date(now.getTime() + delay) : null;
          } else if (outcome === 'success' && kind === 'pair') {
            // The owner got in from here: their own earlier typos no longer count against this pair.
            failures = 0;
            lastFailureAt = null;
          }
          await this.repo.settleThrottleKey(em, key, { failures, lastFailureAt, inFlight, nextAllowedAt, updatedAt: now });
        }
      });
    } catch (err) {
      // A lost settlement leaves the slot to expire on its own (IN_FLIGHT_TTL_MS); it must not fail the sign-in.
      this.logger.error({ msg: 'login throttle settle failed', err: (err as Error).message });
    }
    this.sweepSoon(now);
  }

  /** Creates missing rows and locks all of them, in key order. */
  private async lock(em: EntityManager, keys: string[], now: Date): Promise<Map<string, ThrottleRow>> {
    const rows = await this.repo.lockThrottleKeys(em, keys, now);
    return new Map(rows.map((r) => [r.key, r]));
  }

  /** Rows idle for longer than a window hold nothing that still counts; drop them (at most once a minute per process). */
  private sweepSoon(now: Date): void {
    if (now.getTime() - this.lastSweep < 60_000) return;
    this.lastSweep = now.getTime();
    // The database's clock decides what is old, so a test's shifted Clock cannot sweep live rows.
    this.repo
      .sweepThrottleKeys(this.limits.windowMs + IN_FLIGHT_TTL_MS)
      .catch((err: Error) => this.logger.warn({ msg: 'login throttle sweep failed', err: err.message }));
  }
}
