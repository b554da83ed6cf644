import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { Membership } from '../businesses/membership.entity.js';
import { AuthSession } from './auth-session.entity.js';
import { PasswordReset } from './password-reset.entity.js';
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
    const user = await (em ?? this.db.manager)
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email })
      .getOne();
    return user ? { user, closedAt: user.closedAt } : null;
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

  /** A closed account comes back (a new invitation accepted): the password its person chose, enabled again, the name given. */
  async reopen(em: EntityManager, userId: string, values: Pick<User, 'passwordHash' | 'name'>): Promise<void> {
    await em.getRepository(User).update({ id: userId }, { passwordHash: values.passwordHash, name: values.name, closedAt: null, disabledAt: null });
  }

  /**
   * Closes a business account that has no membership left, rather than leaving an orphan that can
   * still sign in: no usable password, disabled, every session revoked, open reset links void. The
   * row stays (the audit trail and created_by columns point at it). Answers whether it was closed.
   */
  async closeIfNoMembership(em: EntityManager, userId: string, now: Date): Promise<boolean> {
    // One statement decides and closes: the UPDATE's own NOT EXISTS on memberships.
    const membership = em.getRepository(Membership).createQueryBuilder('m').select('1').where('m.user_id = :userId').getQuery();
    const closed = await em
      .getRepository(User)
      .createQueryBuilder('u')
      .update()
      .set({ closedAt: now, disabledAt: () => 'coalesce(disabled_at, :now)', passwordHash: '!closed' })
      .where('id = :userId', { userId })
      .andWhere(`kind = 'business'`)
      .andWhere('closed_at IS NULL')
      .andWhere(`NOT EXISTS (${membership})`)
      .setParameter('now', now)
      .updateEntity(false)
      .execute();
    if (!closed.affected) return false;
    await em
      .getRepository(AuthSession)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: now })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .updateEntity(false)
      .execute();
    await em.getRepository(PasswordReset).update({ userId, usedAt: IsNull() }, { usedAt: now });
    return true;
  }
}
