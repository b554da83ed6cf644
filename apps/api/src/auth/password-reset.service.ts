import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PasswordResetConfirmResponse, PasswordResetRequestedResponse } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ImpersonationService } from '../impersonation/impersonation.service.js';
import { OutboxService } from '../messages/outbox.service.js';
import { passwordResetMessage } from '../messages/templates.js';
import { mintToken, parseToken, secretMatches } from './one-time-token.js';
import { hashPassword } from './passwords.js';

const LINK_MINUTES = 60;
/** Requests from one address per window before 429 (the same for known and unknown e-mails). */
const PER_IP = 10;
const IP_WINDOW_MINUTES = 15;
/** Links mailed to one account per hour; further requests are answered alike and send nothing. */
const PER_ACCOUNT = 3;

const ACCEPTED: PasswordResetRequestedResponse = {
  accepted: true,
  detail: 'If an account exists for this address, a link to choose a new password is on its way. It works once, for one hour.',
};
const tokenInvalid = (): DomainError =>
  new DomainError(400, 'token_invalid', 'This reset link is invalid, was already used, or has expired; ask for a new one');

const accountHash = (email: string): string => createHash('sha256').update(`password-reset:${email}`).digest('hex');

/**
 * "Forgot password". The request's answer is the same whether or not the address has an account (202
 * and the same words; a row is written either way, so the throttle cannot tell them apart either). A
 * link is single-use, expires after an hour, and only the hash of its secret is stored; the message
 * that carries it commits with the reset row (transactional outbox). Confirming sets the password,
 * voids every other open link of the account and revokes all its sessions (and, for an operator,
 * ends their impersonations), all in one transaction.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly impersonations: ImpersonationService,
  ) {}

  async request(rawEmail: string, ip: string | null): Promise<PasswordResetRequestedResponse> {
    const email = rawEmail.trim().toLowerCase();
    const hash = accountHash(email);
    const throttled = await this.db.transaction(async (em) => {
      // One requester address at a time: counting and inserting cannot interleave, so a burst gets exactly PER_IP through.
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`password-reset:${ip ?? 'none'}`]);
      const now = this.clock.now();
      if (ip) {
        const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM password_resets WHERE ip = $1 AND created_at > $2`, [
          ip,
          new Date(now.getTime() - IP_WINDOW_MINUTES * 60_000),
        ]);
        if (n >= PER_IP) return true;
      }
      const [user]: { id: string; name: string; disabled_at: Date | null }[] = await em.query(`SELECT id, name, disabled_at FROM users WHERE email = $1`, [
        email,
      ]);
      const [{ recent }] = await em.query(
        `SELECT count(*)::int AS recent FROM password_resets WHERE account_hash = $1 AND token_hash IS NOT NULL AND created_at > $2`,
        [hash, new Date(now.getTime() - 3600_000)],
      );
      const id = randomUUID();
      const expiresAt = new Date(now.getTime() + LINK_MINUTES * 60_000);
      if (user && !user.disabled_at && recent < PER_ACCOUNT) {
        const { token, secretHash } = mintToken([id]);
        await em.query(`INSERT INTO password_resets (id, user_id, account_hash, token_hash, ip, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
          id,
          user.id,
          hash,
          secretHash,
          ip,
          now,
          expiresAt,
        ]);
        await this.outbox.enqueue(em, {
          kind: 'auth.password_reset',
          to: email,
          ...passwordResetMessage({ name: user.name, expiresAt }),
          secretLink: `${this.config.publicUrl}/reset-password#token=${token}`,
        });
        await this.audit.record(em, {
          action: 'auth.password_reset.request',
          actor: { id: null, kind: 'anonymous' },
          targetType: 'user',
          targetId: user.id,
          status: 202,
        });
      } else {
        await em.query(
          `INSERT INTO password_resets (id, user_id, account_hash, token_hash, ip, created_at, expires_at) VALUES ($1, NULL, $2, NULL, $3, $4, $5)`,
          [id, hash, ip, now, expiresAt],
        );
      }
      return false;
    });
    if (throttled) {
      const retryAfter = IP_WINDOW_MINUTES * 60;
      throw new DomainError(
        429,
        'rate_limited',
        'Too many password reset requests from here; try again later',
        { retryAfterSeconds: retryAfter },
        { 'retry-after': String(retryAfter) },
      );
    }
    return ACCEPTED;
  }

  async confirm(token: string, password: string): Promise<PasswordResetConfirmResponse> {
    const parsed = parseToken(token, 1);
    if (!parsed) throw tokenInvalid();
    const [id] = parsed.ids as [string];
    const peek = await this.open(id, parsed.secret, false);
    // argon2 before the transaction, never while holding its row lock.
    const passwordHash = await hashPassword(password);
    const result = await this.db.transaction(async (em) => {
      const row = await this.open(id, parsed.secret, true, em);
      const now = this.clock.now();
      await em.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [row.user_id, passwordHash]);
      await em.query(`UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, [row.user_id, now]);
      await em.query(`UPDATE auth_sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [row.user_id, now]);
      await this.audit.record(em, {
        action: 'auth.password_reset',
        actor: { id: row.user_id, kind: row.kind },
        targetType: 'user',
        targetId: row.user_id,
        status: 200,
        details: { resetId: id, sessionsRevoked: true },
      });
      return { email: row.email, userId: row.user_id, kind: row.kind };
    });
    if (peek.kind === 'operator') await this.impersonations.endAllFor(result.userId, 'revoked');
    return { email: result.email };
  }

  private async open(id: string, secret: string, lock: boolean, em: { query: DataSource['query'] } = this.db) {
    const [row]: {
      user_id: string;
      token_hash: string | null;
      expires_at: Date;
      used_at: Date | null;
      email: string;
      kind: 'operator' | 'business';
      disabled_at: Date | null;
    }[] = await em.query(
      `SELECT r.user_id, r.token_hash, r.expires_at, r.used_at, u.email, u.kind, u.disabled_at
           FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.id = $1${lock ? ' FOR UPDATE OF r' : ''}`,
      [id],
    );
    if (!row || !row.token_hash || !secretMatches(secret, row.token_hash)) throw tokenInvalid();
    if (row.used_at || row.disabled_at || new Date(row.expires_at).getTime() <= this.clock.now().getTime()) throw tokenInvalid();
    return row;
  }
}
