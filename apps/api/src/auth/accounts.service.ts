import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../common/sql.js';
import { Membership } from '../businesses/membership.entity.js';
import { AuthSession } from './auth-session.entity.js';
import { User } from './user.entity.js';

/** An account as those who add people to a business see it: the row, its password hash, and whether it was closed. */
export interface Account {
  user: User;
  /** Set when the account's last membership ended (docs/ARCHITECTURE.md §2); such an account cannot sign in. */
  closedAt: Date | null;
}

/** What a new account is made of; the e-mail is stored lower-cased. */
export type NewAccount = Pick<User, 'email' | 'name' | 'passwordHash'>;

/**
 * The one writer of `users` (besides sign-in's own bookkeeping in this folder): business accounts
 * created or reopened when an invitation is accepted, closed when their last membership ends, and
 * operators created from the command line or the demo seed. Every method takes the caller's
 * EntityManager when it belongs to its transaction; outside Nest (the CLI) it is built with
 * `new AccountsService(dataSource)`.
 */
@Injectable()
export class AccountsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The account of an address (give it lower-cased), password hash included; null when there is none. */
  async findByEmail(email: string, em?: EntityManager): Promise<Account | null> {
    const { entities, raw } = await (em ?? this.db.manager)
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .addSelect('u.closed_at', 'closed_at')
      .where('u.email = :email', { email })
      .getRawAndEntities<{ closed_at: Date | string | null }>();
    const user = entities[0];
    if (!user) return null;
    const closed = raw[0]!.closed_at;
    return { user, closedAt: closed === null ? null : new Date(closed) };
  }

  /** A business user (who joins businesses through memberships); an address already taken fails with the unique violation. */
  createBusinessUser(em: EntityManager, account: NewAccount): Promise<string> {
    return this.insert(em, account, 'business');
  }

  /** A platform operator; an address already taken fails with the unique violation. */
  createOperator(em: EntityManager, account: NewAccount): Promise<string> {
    return this.insert(em, account, 'operator');
  }

  private async insert(em: EntityManager, account: NewAccount, kind: User['kind']): Promise<string> {
    const result = await em.getRepository(User).insert({ email: account.email, name: account.name, passwordHash: account.passwordHash, kind });
    return (result.identifiers[0] as { id: string }).id;
  }

  /**
   * A closed account comes back (a new invitation accepted): the password its person chose, enabled
   * again, the name given. Plain SQL: `closed_at` (migration 1765800001000) is not mapped on User.
   */
  async reopen(em: EntityManager, userId: string, values: Pick<User, 'passwordHash' | 'name'>): Promise<void> {
    await em.query(`UPDATE users SET password_hash = $2, closed_at = NULL, disabled_at = NULL, name = $3 WHERE id = $1`, [
      userId,
      values.passwordHash,
      values.name,
    ]);
  }

  /**
   * Closes a business account that has no membership left, rather than leaving an orphan that can
   * still sign in: no usable password, disabled, every session revoked, open reset links void. The
   * row stays (the audit trail and created_by columns point at it). Answers whether it was closed.
   */
  async closeIfNoMembership(em: EntityManager, userId: string, now: Date): Promise<boolean> {
    // Plain SQL: one statement decides and closes (closed_at is not mapped on User).
    const memberships = em.getRepository(Membership).metadata;
    const closed = await em.query(
      `UPDATE users SET closed_at = $2, disabled_at = coalesce(disabled_at, $2), password_hash = '!closed'
        WHERE id = $1 AND kind = 'business' AND closed_at IS NULL AND NOT EXISTS (SELECT 1 FROM ${memberships.tablePath} WHERE user_id = $1)
        RETURNING id`,
      [userId, now],
    );
    if (returnedRows(closed).length === 0) return false;
    await em
      .getRepository(AuthSession)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: now })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .updateEntity(false)
      .execute();
    await em.query(`UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, [userId, now]);
    return true;
  }
}
