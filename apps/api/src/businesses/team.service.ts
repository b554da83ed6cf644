import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { BusinessRole, TeamMemberView } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { hashPassword } from '../auth/passwords.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { emailTaken, insertMember, normaliseEmail } from './business-users.js';
import type { InviteTeamMemberDto } from './dto.js';

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
    private readonly audit: AuditService,
  ) {}

  async list(businessId: string): Promise<TeamMemberView[]> {
    const rows: MemberRow[] = await this.db.query(
      `SELECT m.user_id, u.name, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.business_id = $1 ORDER BY m.role, lower(u.name), m.user_id`,
      [businessId],
    );
    return rows.map(toView);
  }

  /** A new business account joins with the given role. An e-mail that already has an account is 409 email_taken. */
  async invite(businessId: string, input: InviteTeamMemberDto): Promise<TeamMemberView> {
    const email = normaliseEmail(input.email);
    const [existing] = await this.db.query(`SELECT 1 FROM users WHERE email = $1`, [email]);
    if (existing) throw emailTaken();
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(async (em) => {
      const member = await insertMember(em, businessId, { name: input.name, email, passwordHash, role: input.role });
      await this.audit.record(em, {
        action: 'team.invite',
        businessId,
        targetType: 'user',
        targetId: member.userId,
        status: 201,
        after: { name: member.name, email: member.email, role: member.role },
      });
      return { userId: member.userId, name: member.name, email: member.email, role: member.role, joinedAt: member.joinedAt.toISOString() };
    });
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
   * Ends the membership; the account itself stays (the audit trail and created_by columns point at
   * it). The access guard reads memberships on every request, so the person loses access at once.
   */
  async remove(businessId: string, userId: string): Promise<void> {
    await this.db.transaction(async (em) => {
      const { target, owners } = await this.lockMembers(em, businessId, userId);
      if (target.role === 'owner' && owners === 1) throw lastOwner();
      await em.query(`DELETE FROM memberships WHERE business_id = $1 AND user_id = $2`, [businessId, userId]);
      await this.audit.record(em, {
        action: 'team.remove',
        businessId,
        targetType: 'user',
        targetId: userId,
        status: 204,
        before: { name: target.name, email: target.email, role: target.role },
        after: null,
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

function toView(r: MemberRow): TeamMemberView {
  return { userId: r.user_id, name: r.name, email: r.email, role: r.role, joinedAt: new Date(r.created_at).toISOString() };
}
