import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MeResponse, MembershipView, UserView } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { ImpersonationService } from '../impersonation/impersonation.service.js';
import { dummyHash, verifyPassword } from './passwords.js';
import type { Principal } from '../access/principal.js';
import { LoginThrottle, type SettleOutcome } from './login-throttle.js';
import { SessionsService } from './sessions.service.js';
import { SessionsRepository } from './sessions.repository.js';
import { User } from './user.entity.js';

const INVALID = () => new DomainError(401, 'invalid_credentials', 'The e-mail or password is not correct');

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
    private readonly impersonations: ImpersonationService,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    private readonly repository: SessionsRepository,
  ) {}

  /**
   * Checks the password and opens a session. Unknown account, wrong password and disabled account
   * give the same answer in about the same time. The attempt is reserved in the throttle before the
   * password is checked (LoginThrottle): a burst evaluates at most the limit, on any replica.
   */
  async signIn(
    email: string,
    password: string,
    transport: 'cookie' | 'bearer',
    ip: string | null,
    userAgent: string | null,
  ): Promise<{ user: UserView; token: string; sessionId: string }> {
    const account = email.trim().toLowerCase();
    const reserved = await this.throttle.reserve(account, ip);
    if (!('reservation' in reserved)) {
      const retryAfter = reserved.retryAfterSeconds;
      await this.audit.recordSafely({
        action: 'auth.login',
        outcome: 'denied',
        targetType: 'account',
        targetId: account.slice(0, 254),
        status: 429,
        details: { reason: 'throttled', by: reserved.kind },
      });
      throw new DomainError(
        429,
        'rate_limited',
        'Too many failed sign-in attempts; try again later',
        { retryAfterSeconds: retryAfter },
        { 'retry-after': String(retryAfter) },
      );
    }
    let outcome: SettleOutcome = 'not_evaluated';
    try {
      const user = await this.repository.userForSignIn(account);
      const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
      if (!user || !ok || user.disabledAt) {
        outcome = 'failure';
        await this.audit.recordSafely({
          action: 'auth.login',
          outcome: 'denied',
          actor: { id: user?.id ?? null, kind: user ? user.kind : 'anonymous' },
          targetType: 'account',
          targetId: account.slice(0, 254),
          status: 401,
          details: { transport, reason: !user ? 'unknown_account' : user.disabledAt ? 'disabled' : 'wrong_password' },
        });
        throw INVALID();
      }
      const result = await this.db.transaction(async (em) => {
        const { session, token } = await this.sessions.create(em, user.id, transport, ip, userAgent);
        await this.audit.record(em, {
          action: transport === 'bearer' ? 'auth.token' : 'auth.login',
          actor: { id: user.id, kind: user.kind },
          targetType: 'account',
          targetId: account,
          status: 200,
          details: { transport, sessionId: session.id },
        });
        return { user: toUserView(user), token, sessionId: session.id };
      });
      outcome = 'success';
      return result;
    } finally {
      await this.throttle.settle(reserved.reservation, outcome);
    }
  }

  /** Sign out: while impersonating it only ends the impersonation (docs/ARCHITECTURE.md §3). */
  async signOut(principal: Principal): Promise<{ signedOut: boolean; redirectTo: string }> {
    if (principal.impersonation) {
      const { redirectTo } = await this.impersonations.end(principal, 'sign_out');
      return { signedOut: false, redirectTo };
    }
    await this.db.transaction(async (em) => {
      await this.sessions.revoke(em, principal.sessionId);
      await this.audit.record(em, { action: 'auth.logout', targetType: 'session', targetId: principal.sessionId, status: 200 });
    });
    return { signedOut: true, redirectTo: '/login' };
  }

  async me(principal: Principal): Promise<MeResponse> {
    const rows: {
      id: string;
      slug: string;
      name: string;
      status: string;
      time_zone: string;
      currency: string;
      primary_color: string | null;
      logo_url: string | null;
      role: 'owner' | 'staff';
    }[] =
      principal.user.kind === 'business'
        ? await this.db.query(
            `SELECT b.id, b.slug, b.name, b.status, b.time_zone, b.currency, b.primary_color, b.logo_url, m.role
               FROM memberships m JOIN businesses b ON b.id = m.business_id
              WHERE m.user_id = $1 ORDER BY b.name`,
            [principal.user.id],
          )
        : [];
    // A suspended business is shut to its own users (the access guard answers 403
    // business_suspended); it is named apart so the admin can say why instead of "no business".
    const memberships: MembershipView[] = rows
      .filter((r) => r.status === 'active')
      .map((r) => ({
        business: { id: r.id, slug: r.slug, name: r.name, timeZone: r.time_zone, currency: r.currency, primaryColor: r.primary_color, logoUrl: r.logo_url },
        role: r.role,
      }));
    return {
      user: { ...principal.user },
      memberships,
      suspendedBusinesses: rows.filter((r) => r.status !== 'active').map((r) => ({ id: r.id, slug: r.slug, name: r.name })),
      impersonation: principal.impersonation ? this.impersonations.view(principal.impersonation) : null,
    };
  }
}

export function toUserView(user: Pick<User, 'id' | 'email' | 'name' | 'kind'>): UserView {
  return { id: user.id, email: user.email, name: user.name, kind: user.kind };
}
