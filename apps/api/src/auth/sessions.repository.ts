import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager, type EntityMetadata, type ObjectLiteral } from 'typeorm';
import type { RouteBusiness } from '../access/business-scope.js';
import { Business } from '../businesses/business.entity.js';
import { Membership } from '../businesses/membership.entity.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Impersonation } from '../impersonation/impersonation.entity.js';
import { ImpersonationsRepository } from '../impersonation/impersonations.repository.js';
import { SupportAccessRepository } from '../impersonation/support-access.repository.js';
import { AuthSession } from './auth-session.entity.js';
import { LoginThrottleKey } from './login-throttle.entity.js';
import { PasswordReset } from './password-reset.entity.js';
import { User } from './user.entity.js';

/** How often a session's `last_seen_at` moves: enough for a session list, cheap per request. */
export const SESSION_TOUCH_MS = 60_000;

/** The business fields an impersonation carries on every request (ActiveImpersonation.business). */
export const IMPERSONATED_BUSINESS_FIELDS = [
  'id',
  'slug',
  'name',
  'status',
  'timeZone',
  'currency',
  'primaryColor',
  'logoUrl',
] as const satisfies readonly (keyof Business)[];
export type ImpersonatedBusiness = Pick<Business, (typeof IMPERSONATED_BUSINESS_FIELDS)[number]>;
/** The fields of the business a route names that become its BusinessScope. */
const ROUTE_BUSINESS_FIELDS = ['id', 'slug', 'name', 'timeZone', 'currency', 'status'] as const satisfies readonly (keyof Business)[];

/** What the session guard's one statement found. */
export interface LiveSession {
  session: AuthSession;
  user: User;
  /** The session's live impersonation (not yet checked against its limits), with its business. */
  impersonation: {
    row: Impersonation;
    business: ImpersonatedBusiness;
    /** Granted mode, entered under a grant: whether the business still grants access; null otherwise. */
    grantLive: boolean | null;
    /** When this request moved its idle clock (it counted as activity), else null. */
    touchedAt: Date | null;
  } | null;
  /** The business the route names (asked for by id) and the user's membership in it, or null when none was asked for. */
  routeBusiness: RouteBusiness | null;
}

/**
 * The one reader and writer of `auth_sessions`, `password_resets` and `login_throttle`, the reader of `users` for
 * sign-in, the session guard and password resets, and the writer of a reset's new password. Row types are the entities; the guard's statement is plain SQL (it runs on every
 * request) with its select list and row mapping derived from the entities' own metadata.
 */
@Injectable()
export class SessionsRepository {
  private guardSql: string | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly impersonations: ImpersonationsRepository,
    private readonly grants: SupportAccessRepository,
  ) {}

  private repo(em?: EntityManager) {
    return (em ?? this.db.manager).getRepository(AuthSession);
  }

  async create(em: EntityManager, session: Omit<AuthSession, 'id'>): Promise<AuthSession> {
    return this.repo(em).save(session);
  }

  async revoke(em: EntityManager | undefined, sessionId: string, at: Date): Promise<void> {
    await this.repo(em).update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: at });
  }

  /** Every live session of a user (a disabled account, a new password). */
  async revokeAllOf(em: EntityManager, userId: string, at: Date): Promise<void> {
    await this.repo(em).update({ userId, revokedAt: IsNull() }, { revokedAt: at });
  }

  /** The account signing in, with its password hash (never selected otherwise). */
  async userForSignIn(email: string): Promise<User | null> {
    return this.db.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOne();
  }

  /**
   * One round trip per request (docs/ARCHITECTURE.md §3): the session (not revoked, the token's
   * user's), its user, its live impersonation with the impersonated business, whether that
   * business still grants support access (granted mode), and, folded into the same statement, the
   * throttled `last_seen_at` moves of the session (SESSION_TOUCH_MS) and of the impersonation when
   * the request is activity (ImpersonationsRepository.touchLiveStatement), and the business a
   * `@BusinessAccess` route names with the user's membership in it (the access guard's facts).
   * Null when there is no such session. Expiry and the impersonation's limits are the caller's to judge.
   */
  async loadLive(sessionId: string, userId: string, now: Date, activity: boolean, routeBusinessId: string | null): Promise<LiveSession | null> {
    const params = [sessionId, userId, now, activity, this.config.impersonationIdleMinutes * 60_000, routeBusinessId];
    const rows: Record<string, unknown>[] = await this.db.query(this.guardStatement(), params);
    const raw = rows[0];
    if (!raw) return null;
    const session = hydrate(this.db, this.db.getMetadata(AuthSession), raw, 's_', new AuthSession());
    const user = hydrate(this.db, this.db.getMetadata(User), raw, 'u_', new User());
    const routeBusiness: RouteBusiness | null = routeBusinessId
      ? {
          id: routeBusinessId,
          row:
            raw.rb_id === null || raw.rb_id === undefined
              ? null
              : hydrate(this.db, this.db.getMetadata(Business), raw, 'rb_', new Business(), ROUTE_BUSINESS_FIELDS),
          memberRole: (raw.m_role as Membership['role'] | null) ?? null,
        }
      : null;
    if (raw.i_id === null || raw.i_id === undefined) return { session, user, impersonation: null, routeBusiness };
    const row = hydrate(this.db, this.db.getMetadata(Impersonation), raw, 'i_', new Impersonation());
    const business = hydrate(this.db, this.db.getMetadata(Business), raw, 'b_', new Business(), IMPERSONATED_BUSINESS_FIELDS) as ImpersonatedBusiness;
    const touched = raw.i_touched_at;
    return {
      session,
      user,
      impersonation: {
        row,
        business,
        grantLive: raw.grant_live === null || raw.grant_live === undefined ? null : Boolean(raw.grant_live),
        touchedAt: touched === null || touched === undefined ? null : new Date(touched as string | Date),
      },
      routeBusiness,
    };
  }

  /** $1 session id, $2 user id, $3 now, $4 the request counts as activity, $5 the idle limit in ms, $6 the route's business id (or null). */
  private guardStatement(): string {
    if (this.guardSql) return this.guardSql;
    const s = this.db.getMetadata(AuthSession);
    const u = this.db.getMetadata(User);
    const i = this.db.getMetadata(Impersonation);
    const b = this.db.getMetadata(Business);
    const m = this.db.getMetadata(Membership);
    const col = <T extends ObjectLiteral>(meta: EntityMetadata, alias: string, property: Extract<keyof T, string>) =>
      `${alias}.${meta.findColumnWithPropertyName(property)!.databaseName}`;
    const sc = (p: keyof AuthSession) => col<AuthSession>(s, 's', p);
    const ic = (p: keyof Impersonation) => col<Impersonation>(i, 'i', p);
    const grant =
      this.config.supportAccess === 'granted'
        ? `CASE WHEN ${ic('id')} IS NULL OR ${ic('breakGlass')} THEN NULL ELSE ${this.grants.liveGrantExpression(ic('businessId'), '$3')} END`
        : 'NULL::boolean';
    const touchSession = `UPDATE ${s.tablePath} SET ${s.findColumnWithPropertyName('lastSeenAt')!.databaseName} = $3::timestamptz
       WHERE ${s.findColumnWithPropertyName('id')!.databaseName} = $1::uuid AND ${s.findColumnWithPropertyName('userId')!.databaseName} = $2::uuid
         AND ${s.findColumnWithPropertyName('revokedAt')!.databaseName} IS NULL AND ${s.findColumnWithPropertyName('expiresAt')!.databaseName} > $3::timestamptz
         AND ${s.findColumnWithPropertyName('lastSeenAt')!.databaseName} <= $3::timestamptz - interval '${SESSION_TOUCH_MS} milliseconds'`;
    const touchImpersonation = this.impersonations.touchLiveStatement({ session: '$1', operator: '$2', now: '$3', activity: '$4', idleMs: '$5' });
    this.guardSql = `WITH touched_session AS (${touchSession}),
      touched_impersonation AS (${touchImpersonation})
      SELECT ${selectList(s, 's', 's_')}, ${selectList(u, 'u', 'u_')}, ${selectList(i, 'i', 'i_')}, ${selectList(b, 'b', 'b_', IMPERSONATED_BUSINESS_FIELDS)},
             ${selectList(b, 'rb', 'rb_', ROUTE_BUSINESS_FIELDS)}, ${col<Membership>(m, 'm', 'role')} AS "m_role",
             ${grant} AS grant_live,
             (SELECT ${i.findColumnWithPropertyName('lastSeenAt')!.databaseName} FROM touched_impersonation) AS i_touched_at
        FROM ${s.tablePath} s
        JOIN ${u.tablePath} u ON ${col<User>(u, 'u', 'id')} = ${sc('userId')}
        LEFT JOIN ${i.tablePath} i ON ${ic('authSessionId')} = ${sc('id')} AND ${ic('endedAt')} IS NULL
        LEFT JOIN ${b.tablePath} b ON ${col<Business>(b, 'b', 'id')} = ${ic('businessId')}
        LEFT JOIN ${b.tablePath} rb ON ${col<Business>(b, 'rb', 'id')} = $6::uuid
        LEFT JOIN ${m.tablePath} m ON ${col<Membership>(m, 'm', 'businessId')} = ${col<Business>(b, 'rb', 'id')} AND ${col<Membership>(m, 'm', 'userId')} = ${sc('userId')}
       WHERE ${sc('id')} = $1::uuid AND ${sc('userId')} = $2::uuid AND ${sc('revokedAt')} IS NULL`;
    return this.guardSql;
  }

  /** Serialises one requester address's password-reset requests until the transaction ends (counting and inserting cannot interleave). */
  async lockResetRequestsFrom(em: EntityManager, ip: string | null): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`password-reset:${ip ?? 'none'}`]);
  }

  /** Password-reset requests from an address since a moment. */
  async resetRequestsFrom(em: EntityManager, ip: string, since: Date): Promise<number> {
    return em.getRepository(PasswordReset).createQueryBuilder('r').where('r.ip = :ip AND r.createdAt > :since', { ip, since }).getCount();
  }

  /** Reset links (rows with a token) made for an account since a moment. */
  async resetLinksFor(em: EntityManager, accountHash: string, since: Date): Promise<number> {
    return em
      .getRepository(PasswordReset)
      .createQueryBuilder('r')
      .where('r.accountHash = :accountHash AND r.tokenHash IS NOT NULL AND r.createdAt > :since', { accountHash, since })
      .getCount();
  }

  /** The account a reset request names, as the request needs it. */
  async userForReset(em: EntityManager, email: string): Promise<Pick<User, 'id' | 'name' | 'disabledAt'> | null> {
    return em.getRepository(User).findOne({ select: { id: true, name: true, disabledAt: true }, where: { email } });
  }

  async insertReset(em: EntityManager, reset: Omit<PasswordReset, 'usedAt'>): Promise<void> {
    await em.getRepository(PasswordReset).insert(reset);
  }

  /** A reset link with its account, optionally locking the link's row (FOR UPDATE OF r); null when there is none. */
  async openReset(
    id: string,
    lock: boolean,
    em?: EntityManager,
  ): Promise<{ reset: Pick<PasswordReset, 'userId' | 'tokenHash' | 'expiresAt' | 'usedAt'>; user: Pick<User, 'email' | 'kind' | 'disabledAt'> } | null> {
    const r = this.db.getMetadata(PasswordReset);
    const u = this.db.getMetadata(User);
    const rc = (p: keyof PasswordReset) => `r.${r.findColumnWithPropertyName(p)!.databaseName}`;
    const rows: Record<string, unknown>[] = await (em ?? this.db.manager).query(
      `SELECT ${selectList(r, 'r', 'r_', RESET_FIELDS)}, ${selectList(u, 'u', 'u_', RESET_USER_FIELDS)}
         FROM ${r.tablePath} r JOIN ${u.tablePath} u ON u.${u.findColumnWithPropertyName('id')!.databaseName} = ${rc('userId')}
        WHERE ${rc('id')} = $1${lock ? ' FOR UPDATE OF r' : ''}`,
      [id],
    );
    const raw = rows[0];
    if (!raw) return null;
    return {
      reset: hydrate(this.db, r, raw, 'r_', new PasswordReset(), RESET_FIELDS),
      user: hydrate(this.db, u, raw, 'u_', new User(), RESET_USER_FIELDS),
    };
  }

  /** A new password: the hash only (the caller voids the links and revokes the sessions in the same transaction). */
  async setPassword(em: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await em.getRepository(User).update({ id: userId }, { passwordHash });
  }

  /** Voids every open reset link of an account. */
  async useResetsOf(em: EntityManager, userId: string, at: Date): Promise<void> {
    await em.getRepository(PasswordReset).update({ userId, usedAt: IsNull() }, { usedAt: at });
  }

  /** login_throttle: creates the missing rows of the keys (give them sorted) and locks all of them, in key order. */
  async lockThrottleKeys(em: EntityManager, keys: string[], now: Date): Promise<LoginThrottleKey[]> {
    // Plain SQL: ON CONFLICT DO NOTHING, then one FOR UPDATE in key order (no deadlocks between bursts).
    await em.query(`INSERT INTO login_throttle (key, updated_at) SELECT k, $2 FROM unnest($1::text[]) AS k ORDER BY k ON CONFLICT (key) DO NOTHING`, [
      keys,
      now,
    ]);
    return em
      .getRepository(LoginThrottleKey)
      .createQueryBuilder('t')
      .where('t.key = ANY(CAST(:keys AS text[]))', { keys })
      .orderBy('t.key')
      .setLock('pessimistic_write')
      .getMany();
  }

  /** Counts one attempt in flight on each key (an expired reservation starts again at one), until the given moment. */
  async reserveThrottleKeys(em: EntityManager, keys: string[], now: Date, until: Date): Promise<void> {
    await em
      .getRepository(LoginThrottleKey)
      .createQueryBuilder()
      .update()
      .set({ inFlight: () => 'CASE WHEN in_flight_until > :now THEN in_flight + 1 ELSE 1 END', inFlightUntil: until, updatedAt: now })
      .where('key = ANY(CAST(:keys AS text[]))', { keys })
      .setParameter('now', now)
      .updateEntity(false)
      .execute();
  }

  /** A key's counters after a settled attempt. */
  async settleThrottleKey(
    em: EntityManager,
    key: string,
    values: Pick<LoginThrottleKey, 'failures' | 'lastFailureAt' | 'inFlight' | 'nextAllowedAt' | 'updatedAt'>,
  ): Promise<void> {
    await em.getRepository(LoginThrottleKey).update({ key }, values);
  }

  /** Deletes the keys idle for longer than the given time, by the database's clock (a test's shifted Clock cannot sweep live rows). */
  async sweepThrottleKeys(idleMs: number): Promise<void> {
    await this.db
      .getRepository(LoginThrottleKey)
      .createQueryBuilder()
      .delete()
      .where(`updated_at < now() - :idleMs * interval '1 millisecond'`, { idleMs })
      .execute();
  }
}

const RESET_FIELDS = ['userId', 'tokenHash', 'expiresAt', 'usedAt'] as const satisfies readonly (keyof PasswordReset)[];
const RESET_USER_FIELDS = ['email', 'kind', 'disabledAt'] as const satisfies readonly (keyof User)[];

/** `alias.column AS prefix_property, …` for an entity's selected columns (or the given ones). */
function selectList(meta: EntityMetadata, alias: string, prefix: string, only?: readonly string[]): string {
  return meta.columns
    .filter((c) => (only ? only.includes(c.propertyName) : c.isSelect))
    .map((c) => `${alias}.${c.databaseName} AS "${prefix}${c.propertyName}"`)
    .join(', ');
}

/** Fills an entity from `prefix_property` fields of a raw row, converting values as TypeORM's own reads do. */
function hydrate<T extends ObjectLiteral>(
  db: DataSource,
  meta: EntityMetadata,
  raw: Record<string, unknown>,
  prefix: string,
  into: T,
  only?: readonly string[],
): T {
  for (const c of meta.columns) {
    if (only ? !only.includes(c.propertyName) : !c.isSelect) continue;
    (into as Record<string, unknown>)[c.propertyName] = db.driver.prepareHydratedValue(raw[`${prefix}${c.propertyName}`], c);
  }
  return into;
}
