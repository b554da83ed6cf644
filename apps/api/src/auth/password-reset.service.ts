import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
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
import { SessionsRepository } from './sessions.repository.js';
import type { User } from './user.entity.js';

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
    private readonly repo: SessionsRepository,
  ) {}

  async request(rawEmail: string, ip: string | null): Promise<PasswordResetRequestedResponse> {
    const email = rawEmail.trim().toLowerCase();
    const hash = accountHash(email);
    const throttled = await this.db.transaction(async (em) => {
      // One requester address at a time: counting and inserting cannot interleave, so a burst gets exactly PER_IP through.
      await this.repo.lockResetRequestsFrom(em, ip);
      const now = this.clock.now();
      if (ip) {
        const n = await this.repo.resetRequestsFrom(em, ip, new Date(now.getTime() - IP_WINDOW_MINUTES * 60_000));
        if (n >= PER_IP) return true;
      }
      const user = await this.repo.userForReset(em, email);
      const recent = await this.repo.resetLinksFor(em, hash, new Date(now.getTime() - 3600_000));
      const id = randomUUID();
      const expiresAt = new Date(now.getTime() + LINK_MINUTES * 60_000);
      if (user && !user.disabledAt && recent < PER_ACCOUNT) {
        const { token, secretHash } = mintToken([id]);
        await this.repo.insertReset(em, { id, userId: user.id, accountHash: hash, tokenHash: secretHash, ip, createdAt: now, expiresAt });
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
        await this.repo.insertReset(em, { id, userId: null, accountHash: hash, tokenHash: null, ip, createdAt: now, expiresAt });
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
      await this.repo.setPassword(em, row.userId, passwordHash);
      await this.repo.useResetsOf(em, row.userId, now);
      await this.repo.revokeAllOf(em, row.userId, now);
      await this.audit.record(em, {
        action: 'auth.password_reset',
        actor: { id: row.userId, kind: row.kind },
        targetType: 'user',
        targetId: row.userId,
        status: 200,
        details: { resetId: id, sessionsRevoked: true },
      });
      return { email: row.email, userId: row.userId, kind: row.kind };
    });
    if (peek.kind === 'operator') await this.impersonations.endAllFor(result.userId, 'revoked');
    return { email: result.email };
  }

  private async open(id: string, secret: string, lock: boolean, em?: EntityManager): Promise<{ userId: string; email: string; kind: User['kind'] }> {
    const found = await this.repo.openReset(id, lock, em);
    if (!found || !found.reset.tokenHash || !secretMatches(secret, found.reset.tokenHash)) throw tokenInvalid();
    const { reset, user } = found;
    if (reset.usedAt || user.disabledAt || new Date(reset.expiresAt).getTime() <= this.clock.now().getTime()) throw tokenInvalid();
    return { userId: reset.userId!, email: user.email, kind: user.kind };
  }
}
