import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { BusinessScope } from '../access/business-scope.js';
import { AccountsService } from '../auth/accounts.service.js';
import type { AcceptInvitationResponse, BusinessRole, InvitationLookupResponse, TeamInvitationView, TeamMemberView } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { mintToken, parseToken, secretMatches } from '../auth/one-time-token.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { loadBranding } from '../messages/branding.js';
import { OutboxService } from '../messages/outbox.service.js';
import { teamInviteMessage } from '../messages/templates.js';
import { isUniqueViolation, normaliseEmail } from './business-users.js';
import { BusinessesRepository, type MemberRow } from './businesses.repository.js';
import type { AcceptInvitationDto, InviteTeamMemberDto } from './dto.js';
import type { TeamInvitation } from './team-invitation.entity.js';

const INVITATION_DAYS = 7;
const tokenInvalid = (): DomainError =>
  new DomainError(400, 'token_invalid', 'This invitation link is invalid, was already used, or has expired; ask for a new one');

const lastOwner = (): DomainError => new DomainError(409, 'last_owner', 'A business must keep at least one owner');

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
    private readonly repo: BusinessesRepository,
    private readonly accounts: AccountsService,
  ) {}

  async list(scope: BusinessScope): Promise<TeamMemberView[]> {
    return (await this.repo.listMembers(scope.id)).map(toView);
  }

  /**
   * Invites a person by e-mail: an invitation row (only its link's hash) and the message carrying the
   * link commit together. No account is created here, so an invite never squats an address, and the
   * inviter gets the same answer whether or not the address has an account anywhere on the platform:
   * the person either chooses a password or, holding an account already, confirms with it on accepting.
   * Inviting an address again replaces its open invitation (the old link stops working).
   */
  async invite(scope: BusinessScope, input: InviteTeamMemberDto): Promise<TeamInvitationView> {
    const email = normaliseEmail(input.email);
    const businessId = scope.id;
    try {
      return await this.db.transaction(async (em) => {
        if (await this.repo.isMemberByEmail(em, businessId, email))
          throw new DomainError(409, 'already_member', 'This person is already a member of this business');
        const principal = this.context.require();
        const inviterName = principal.impersonation ? `${principal.user.name} (platform support, for ${scope.name})` : principal.user.name;
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
    const replaced = await this.repo.revokeOpenInvitationsFor(em, businessId, email, now);
    for (const old of replaced) await this.outbox.cancelPending(em, businessId, `invitation:${old}`, 'team.invite');
    const id = randomUUID();
    const { token, secretHash } = mintToken([businessId, id]);
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 24 * 3600_000);
    await this.repo.insertInvitation(em, {
      businessId,
      id,
      email,
      name: input.name,
      role: input.role,
      tokenHash: secretHash,
      invitedBy: this.context.actorId!,
      createdAt: now,
      expiresAt,
    });
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

  async invitations(scope: BusinessScope): Promise<TeamInvitationView[]> {
    const rows = await this.repo.openInvitations(scope.id);
    const now = this.clock.now().getTime();
    return rows.map((r) => invitationView(r, now));
  }

  async revokeInvitation(scope: BusinessScope, invitationId: string): Promise<void> {
    const businessId = scope.id;
    await this.db.transaction(async (em) => {
      const row = await this.repo.lockOpenInvitation(em, businessId, invitationId);
      if (!row) throw notFound('Invitation');
      await this.repo.revokeInvitation(em, businessId, invitationId, this.clock.now());
      // The link dies with the invitation; if its message still waits, it is not sent at all.
      await this.outbox.cancelPending(em, businessId, `invitation:${invitationId}`, 'team.invite');
      await this.audit.record(em, {
        action: 'team.invitation.revoke',
        businessId,
        targetType: 'invitation',
        targetId: invitationId,
        status: 204,
        before: { email: row.email, role: row.role },
        after: null,
      });
    });
  }

  /** What the link's holder is about to accept (they alone learn whether the address has an account). */
  async lookupInvitation(token: string): Promise<InvitationLookupResponse> {
    const row = await this.openInvitation(undefined, token, false);
    const business = await this.repo.find(row.businessId);
    const account = await this.accounts.findByEmail(row.email);
    return {
      business: { name: business!.name, slug: business!.slug },
      name: row.name,
      email: row.email,
      role: row.role,
      expiresAt: new Date(row.expiresAt).toISOString(),
      account: account && !account.closedAt ? 'existing' : 'new',
    };
  }

  /**
   * Accepting: a new person's account is created with the password they chose; a person who has an
   * account confirms with its password and gains the membership; an account closed when its last
   * membership ended is reopened with the new password. The link works once.
   */
  async acceptInvitation(input: AcceptInvitationDto): Promise<AcceptInvitationResponse> {
    const peek = await this.openInvitation(undefined, input.token, false);
    const account = await this.accounts.findByEmail(peek.email);
    const existing = account?.user ?? null;
    if (existing && existing.kind !== 'business')
      throw new DomainError(409, 'account_unavailable', 'This address belongs to a platform operator account, which cannot join a business');
    if (existing && existing.disabledAt && !account!.closedAt)
      throw new DomainError(409, 'account_unavailable', 'The account for this address is disabled; contact the platform');
    const live = existing && !account!.closedAt;
    // argon2 runs before the transaction, never while holding its locks.
    if (live && !(await verifyPassword(existing.passwordHash, input.password))) {
      throw new DomainError(401, 'invalid_credentials', 'This address already has an account: enter its password to accept');
    }
    const newHash = live ? null : await hashPassword(input.password);

    return this.db.transaction(async (em) => {
      const row = await this.openInvitation(em, input.token, true);
      const now = this.clock.now();
      let userId: string;
      if (!existing) {
        try {
          userId = await this.accounts.createBusinessUser(em, { email: row.email, name: input.name?.trim() || row.name, passwordHash: newHash! });
        } catch (err) {
          if (isUniqueViolation(err)) throw new DomainError(409, 'conflict', 'An account for this address was created at the same moment; open the link again');
          throw err;
        }
      } else {
        userId = existing.id;
        if (!live) {
          await this.accounts.reopen(em, userId, { passwordHash: newHash!, name: input.name?.trim() || row.name });
        }
      }
      await this.repo.addMembership(em, { businessId: row.businessId, userId, role: row.role, createdAt: now });
      await this.repo.markInvitationAccepted(em, row.businessId, row.id, now, userId);
      await this.audit.record(em, {
        action: 'team.invitation.accept',
        businessId: row.businessId,
        actor: { id: userId, kind: 'business' },
        targetType: 'user',
        targetId: userId,
        status: 200,
        details: { invitationId: row.id, role: row.role, account: !existing ? 'created' : live ? 'existing' : 'reopened' },
      });
      const business = await this.repo.find(row.businessId, em);
      return { email: row.email, business: { name: business!.name, slug: business!.slug } };
    });
  }

  /** The open invitation a token names, its secret checked in constant time; `lock` takes its row for the accepting transaction. */
  private async openInvitation(em: EntityManager | undefined, token: string, lock: boolean): Promise<TeamInvitation> {
    const parsed = parseToken(token, 2);
    if (!parsed) throw tokenInvalid();
    const [businessId, id] = parsed.ids as [string, string];
    const row = await this.repo.invitation(em, businessId, id, lock);
    if (!row || !secretMatches(parsed.secret, row.tokenHash)) throw tokenInvalid();
    if (row.acceptedAt || row.revokedAt || new Date(row.expiresAt).getTime() <= this.clock.now().getTime()) throw tokenInvalid();
    return row;
  }

  async changeRole(scope: BusinessScope, userId: string, role: BusinessRole): Promise<TeamMemberView> {
    const businessId = scope.id;
    return this.db.transaction(async (em) => {
      const { target, owners } = await this.lockMembers(em, businessId, userId);
      if (target.membership.role === 'owner' && role !== 'owner' && owners === 1) throw lastOwner();
      if (role !== target.membership.role) await this.repo.setRole(em, businessId, userId, role);
      await this.audit.record(em, {
        action: 'team.update',
        businessId,
        targetType: 'user',
        targetId: userId,
        status: 200,
        before: { role: target.membership.role },
        after: { role },
      });
      return { ...toView(target), role };
    });
  }

  /**
   * Ends the membership. The access guard reads memberships on every request, so the person loses
   * access at once. When it was their last membership the account is closed rather than left behind
   * as an orphan that can still sign in: no usable password, every session revoked, open reset links
   * void. The row itself stays, because the audit trail and created_by columns point at it, and a
   * later invitation to the same address reopens it with a password its person chooses.
   */
  async remove(scope: BusinessScope, userId: string): Promise<void> {
    const businessId = scope.id;
    await this.db.transaction(async (em) => {
      const { target, owners } = await this.lockMembers(em, businessId, userId);
      if (target.membership.role === 'owner' && owners === 1) throw lastOwner();
      await this.repo.removeMembership(em, businessId, userId);
      const closed = await this.accounts.closeIfNoMembership(em, userId, this.clock.now());
      await this.audit.record(em, {
        action: 'team.remove',
        businessId,
        targetType: 'user',
        targetId: userId,
        status: 204,
        before: { name: target.name, email: target.email, role: target.membership.role },
        after: null,
        details: { accountClosed: closed },
      });
    });
  }

  /** SELECT … FOR UPDATE on every membership of the business, then the target and the owner count. */
  private async lockMembers(em: EntityManager, businessId: string, userId: string): Promise<{ target: MemberRow; owners: number }> {
    const locked = await this.repo.lockMemberships(em, businessId);
    if (!locked.some((m) => m.userId === userId)) throw notFound('Team member');
    const target = await this.repo.member(em, businessId, userId);
    return { target: target!, owners: locked.filter((m) => m.role === 'owner').length };
  }
}

function invitationView(r: TeamInvitation, now: number): TeamInvitationView {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    invitedAt: new Date(r.createdAt).toISOString(),
    expiresAt: new Date(r.expiresAt).toISOString(),
    expired: new Date(r.expiresAt).getTime() <= now,
  };
}

function toView(r: MemberRow): TeamMemberView {
  const m = r.membership;
  return { userId: m.userId, name: r.name, email: r.email, role: m.role, joinedAt: new Date(m.createdAt).toISOString() };
}
