import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AcceptInvitationResponse, BusinessRole, InvitationLookupResponse, TeamInvitationView, TeamMemberView } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { mintToken, parseToken, secretMatches } from '../auth/one-time-token.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { Clock } from '../common/clock.js';
import { returnedRows } from '../common/sql.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { loadBranding } from '../messages/branding.js';
import { OutboxService } from '../messages/outbox.service.js';
import { teamInviteMessage } from '../messages/templates.js';
import { isUniqueViolation, normaliseEmail } from './business-users.js';
import type { AcceptInvitationDto, InviteTeamMemberDto } from './dto.js';

const INVITATION_DAYS = 7;
const tokenInvalid = (): DomainError => new DomainError(400, 'token_invalid', 'This invitation link is invalid, was already used, or has expired; ask for a new one');

interface InvitationRow {
  business_id: string;
  id: string;
  email: string;
  name: string;
  role: BusinessRole;
  token_hash: string;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

const lastOwner = (): DomainError => new DomainError(409, 'last_owner', 'A business must keep at least one owner');

interface MemberRow {
  user_id: string;
  name: string;
  email: string;
  role: BusinessRole;
  created_at: Date;
}

/**
 * The people of one business (owner only). Invariant: a business always has an owner. Demotion and
 * removal lock all of the business's membership rows before counting owners, so two owners removing
 * each other at the same moment cannot both succeed.
 */
@Injectable()
export class TeamService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly context: ImpersonationContext,
    private readonly clock: Clock,
  ) {}

  async list(businessId: string): Promise<TeamMemberView[]> {
    const rows: MemberRow[] = await this.db.query(
      `SELECT m.user_id, u.name, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.business_id = $1 ORDER BY m.role, lower(u.name), m.user_id`,
      [businessId],
    );
    return rows.map(toView);
  }

  /**
   * Invites a person by e-mail: an invitation row (only its link's hash) and the message carrying the
   * link commit together. No account is created here, so an invite never squats an address, and the
   * inviter gets the same answer whether or not the address has an account anywhere on the platform:
   * the person either chooses a password or, holding an account already, confirms with it on accepting.
   * Inviting an address again replaces its open invitation (the old link stops working).
   */
  async invite(businessId: string, input: InviteTeamMemberDto): Promise<TeamInvitationView> {
    const email = normaliseEmail(input.email);
    try {
      return await this.db.transaction(async (em) => {
        const [member] = await em.query(`SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.business_id = $1 AND u.email = $2`, [businessId, email]);
        if (member) throw new DomainError(409, 'already_member', 'This person is already a member of this business');
        const business = await loadBranding(em, businessId);
        const principal = this.context.require();
        const inviterName = principal.impersonation ? `${principal.user.name} (platform support, for ${business.name})` : principal.user.name;
        const { id, now, expiresAt } = await this.writeInvitation(em, businessId, { name: input.name, email, role: input.role }, inviterName);
        await this.audit.record(em, {
          action: 'team.invite',
          businessId,
          targetType: 'invitation',
          targetId: id,
          status: 201,
          after: { name: input.name, email, role: input.role },
        });
        return { id, name: input.name, email, role: input.role, invitedAt: now.toISOString(), expiresAt: expiresAt.toISOString(), expired: false };
      });
    } catch (err) {
      // Two invitations for one address at the same moment: the open-invitation index lets one win.
      if (isUniqueViolation(err)) throw new DomainError(409, 'conflict', 'An invitation for this address was sent at the same moment; reload the team');
      throw err;
    }
  }

  /**
   * The invitation row (only its link's hash) and the message carrying the link, inside the caller's
   * transaction; an open invitation for the same address is replaced (its link stops working, its
   * message is not sent if it still waits). Also how an operator's new business invites its first owner.
   */
  async writeInvitation(
    em: EntityManager,
    businessId: string,
    input: { name: string; email: string; role: BusinessRole },
    inviterName: string,
  ): Promise<{ id: string; now: Date; expiresAt: Date }> {
    const email = normaliseEmail(input.email);
    const now = this.clock.now();
    const replaced: { id: string }[] = returnedRows(
      await em.query(
        `UPDATE team_invitations SET revoked_at = $3 WHERE business_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id`,
        [businessId, email, now],
      ),
    );
    for (const old of replaced) await this.outbox.cancelPending(em, businessId, `invitation:${old.id}`, 'team.invite');
    const id = randomUUID();
    const { token, secretHash } = mintToken([businessId, id]);
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 24 * 3600_000);
    await em.query(
      `INSERT INTO team_invitations (business_id, id, email, name, role, token_hash, invited_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [businessId, id, email, input.name, input.role, secretHash, this.context.actorId, now, expiresAt],
    );
    const business = await loadBranding(em, businessId);
    await this.outbox.enqueue(em, {
      kind: 'team.invite',
      businessId,
      to: email,
      ...teamInviteMessage({ business, inviteeName: input.name, role: input.role, inviterName, expiresAt }),
      secretLink: `${this.config.publicUrl}/accept-invite#token=${token}`,
      subjectRef: `invitation:${id}`,
    });
    return { id, now, expiresAt };
  }

  async invitations(businessId: string): Promise<TeamInvitationView[]> {
    const rows: InvitationRow[] = await this.db.query(
      `SELECT * FROM team_invitations WHERE business_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL ORDER BY created_at DESC, id`,
      [businessId],
    );
    const now = this.clock.now().getTime();
    return rows.map((r) => invitationView(r, now));
  }

  async revokeInvitation(businessId: string, invitationId: string): Promise<void> {
    await this.db.transaction(async (em) => {
      const [row]: InvitationRow[] = await em.query(
        `SELECT * FROM team_invitations WHERE business_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL FOR UPDATE`,
        [businessId, invitationId],
      );
      if (!row) throw notFound('Invitation');
      await em.query(`UPDATE team_invitations SET revoked_at = $3 WHERE business_id = $1 AND id = $2`, [businessId, invitationId, this.clock.now()]);
      // The link dies with the invitation; if its message still waits, it is not sent at all.
      await this.outbox.cancelPending(em, businessId, `invitation:${invitationId}`, 'team.invite');
      await this.audit.record(em, { action: 'team.invitation.revoke', businessId, targetType: 'invitation', targetId: invitationId, status: 204, before: { email: row.email, role: row.role }, after: null });
    });
  }

  /** What the link's holder is about to accept (they alone learn whether the address has an account). */
  async lookupInvitation(token: string): Promise<InvitationLookupResponse> {
    const row = await this.openInvitation(this.db.manager, token, false);
    const [business]: { name: string; slug: string }[] = await this.db.query(`SELECT name, slug FROM businesses WHERE id = $1`, [row.business_id]);
    const [user]: { kind: string; closed_at: Date | null }[] = await this.db.query(`SELECT kind, closed_at FROM users WHERE email = $1`, [row.email]);
    return {
      business: business!,
      name: row.name,
      email: row.email,
      role: row.role,
      expiresAt: new Date(row.expires_at).toISOString(),
      account: user && !user.closed_at ? 'existing' : 'new',
    };
  }

  /**
   * Accepting: a new person's account is created with the password they chose; a person who has an
   * account confirms with its password and gains the membership; an account closed when its last
   * membership ended is reopened with the new password. The link works once.
   */
  async acceptInvitation(input: AcceptInvitationDto): Promise<AcceptInvitationResponse> {
    const peek = await this.openInvitation(this.db.manager, input.token, false);
    const existing = await this.db
      .query(`SELECT id, kind, password_hash, disabled_at, closed_at FROM users WHERE email = $1`, [peek.email])
      .then((r: { id: string; kind: string; password_hash: string; disabled_at: Date | null; closed_at: Date | null }[]) => r[0] ?? null);
    if (existing && existing.kind !== 'business') throw new DomainError(409, 'account_unavailable', 'This address belongs to a platform operator account, which cannot join a business');
    if (existing && existing.disabled_at && !existing.closed_at) throw new DomainError(409, 'account_unavailable', 'The account for this address is disabled; contact the platform');
    const live = existing && !existing.closed_at;
    // argon2 runs before the transaction, never while holding its locks.
    if (live && !(await verifyPassword(existing.password_hash, input.password))) {
      throw new DomainError(401, 'invalid_credentials', 'This address already has an account: enter its password to accept');
    }
    const newHash = live ? null : await hashPassword(input.password);

    return this.db.transaction(async (em) => {
      const row = await this.openInvitation(em, input.token, true);
      const now = this.clock.now();
      let userId: string;
      if (!existing) {
        try {
          [{ id: userId }] = await em.query(`INSERT INTO users (email, name, kind, password_hash) VALUES ($1, $2, 'business', $3) RETURNING id`, [
            row.email,
            input.name?.trim() || row.name,
            newHash,
          ]);
        } catch (err) {
          if (isUniqueViolation(err)) throw new DomainError(409, 'conflict', 'An account for this address was created at the same moment; open the link again');
          throw err;
        }
      } else {
        userId = existing.id;
        if (!live) {
          await em.query(`UPDATE users SET password_hash = $2, closed_at = NULL, disabled_at = NULL, name = $3 WHERE id = $1`, [userId, newHash, input.name?.trim() || row.name]);
        }
      }
      await em.query(`INSERT INTO memberships (business_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (business_id, user_id) DO NOTHING`, [
        row.business_id,
        userId,
        row.role,
        now,
      ]);
      await em.query(`UPDATE team_invitations SET accepted_at = $3, accepted_user_id = $4 WHERE business_id = $1 AND id = $2`, [row.business_id, row.id, now, userId]);
      await this.audit.record(em, {
        action: 'team.invitation.accept',
        businessId: row.business_id,
        actor: { id: userId, kind: 'business' },
        targetType: 'user',
        targetId: userId,
        status: 200,
        details: { invitationId: row.id, role: row.role, account: !existing ? 'created' : live ? 'existing' : 'reopened' },
      });
      const [business]: { name: string; slug: string }[] = await em.query(`SELECT name, slug FROM businesses WHERE id = $1`, [row.business_id]);
      return { email: row.email, business: business! };
    });
  }

  /** The open invitation a token names, its secret checked in constant time; `lock` takes its row for the accepting transaction. */
  private async openInvitation(em: EntityManager, token: string, lock: boolean): Promise<InvitationRow> {
    const parsed = parseToken(token, 2);
    if (!parsed) throw tokenInvalid();
    const [businessId, id] = parsed.ids as [string, string];
    const [row]: InvitationRow[] = await em.query(`SELECT * FROM team_invitations WHERE business_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [businessId, id]);
    if (!row || !secretMatches(parsed.secret, row.token_hash)) throw tokenInvalid();
    if (row.accepted_at || row.revoked_at || new Date(row.expires_at).getTime() <= this.clock.now().getTime()) throw tokenInvalid();
    return row;
  }

  async changeRole(businessId: string, userId: string, role: BusinessRole): Promise<TeamMemberView> {
    return this.db.transaction(async (em) => {
      const { target, owners } = await this.lockMembers(em, businessId, userId);
      if (target.role === 'owner' && role !== 'owner' && owners === 1) throw lastOwner();
      if (role !== target.role) await em.query(`UPDATE memberships SET role = $3 WHERE business_id = $1 AND user_id = $2`, [businessId, userId, role]);
      await this.audit.record(em, {
        action: 'team.update',
        businessId,
        targetType: 'user',
        targetId: userId,
        status: 200,
        before: { role: target.role },
        after: { role },
      });
      return toView({ ...target, role });
    });
  }

  /**
   * Ends the membership. The access guard reads memberships on every request, so the person loses
   * access at once. When it was their last membership the account is closed rather than left behind
   * as an orphan that can still sign in: no usable password, every session revoked, open reset links
   * void. The row itself stays, because the audit trail and created_by columns point at it, and a
   * later invitation to the same address reopens it with a password its person chooses.
   */
  async remove(businessId: string, userId: string): Promise<void> {
    await this.db.transaction(async (em) => {
      const { target, owners } = await this.lockMembers(em, businessId, userId);
      if (target.role === 'owner' && owners === 1) throw lastOwner();
      await em.query(`DELETE FROM memberships WHERE business_id = $1 AND user_id = $2`, [businessId, userId]);
      const now = this.clock.now();
      const closed = returnedRows(
        await em.query(
          `UPDATE users SET closed_at = $2, disabled_at = coalesce(disabled_at, $2), password_hash = '!closed'
            WHERE id = $1 AND kind = 'business' AND closed_at IS NULL AND NOT EXISTS (SELECT 1 FROM memberships WHERE user_id = $1)
            RETURNING id`,
          [userId, now],
        ),
      ).length > 0;
      if (closed) {
        await em.query(`UPDATE auth_sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [userId, now]);
        await em.query(`UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, [userId, now]);
      }
      await this.audit.record(em, {
        action: 'team.remove',
        businessId,
        targetType: 'user',
        targetId: userId,
        status: 204,
        before: { name: target.name, email: target.email, role: target.role },
        after: null,
        details: { accountClosed: closed },
      });
    });
  }

  /** SELECT … FOR UPDATE on every membership of the business, then the target and the owner count. */
  private async lockMembers(em: EntityManager, businessId: string, userId: string): Promise<{ target: MemberRow; owners: number }> {
    const locked: { user_id: string; role: BusinessRole }[] = await em.query(`SELECT user_id, role FROM memberships WHERE business_id = $1 FOR UPDATE`, [businessId]);
    const mine = locked.find((m) => m.user_id === userId);
    if (!mine) throw notFound('Team member');
    const [target]: MemberRow[] = await em.query(
      `SELECT m.user_id, u.name, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.business_id = $1 AND m.user_id = $2`,
      [businessId, userId],
    );
    return { target: target!, owners: locked.filter((m) => m.role === 'owner').length };
  }
}

function invitationView(r: InvitationRow, now: number): TeamInvitationView {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    invitedAt: new Date(r.created_at).toISOString(),
    expiresAt: new Date(r.expires_at).toISOString(),
    expired: new Date(r.expires_at).getTime() <= now,
  };
}

function toView(r: MemberRow): TeamMemberView {
  return { userId: r.user_id, name: r.name, email: r.email, role: r.role, joinedAt: new Date(r.created_at).toISOString() };
}
