import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { AuthSession } from './auth-session.entity.js';
import { User } from './user.entity.js';

/** Server-side sessions: the JWT names one; this row decides whether it is still alive. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
  ) {}

  get ttlSeconds(): number {
    return this.config.sessionTtlMinutes * 60;
  }

  async create(manager: EntityManager, userId: string, transport: 'cookie' | 'bearer', ip: string | null, userAgent: string | null): Promise<{ session: AuthSession; token: string }> {
    const now = this.clock.now();
    const session = await manager.getRepository(AuthSession).save({
      userId,
      transport,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.ttlSeconds * 1000),
      revokedAt: null,
      ip,
      userAgent: userAgent?.slice(0, 500) ?? null,
    });
    const token = await this.jwt.signAsync(
      { sid: session.id },
      { subject: userId, expiresIn: this.ttlSeconds, algorithm: 'HS256', issuer: this.config.jwtIssuer, audience: this.config.jwtAudience },
    );
    return { session, token };
  }

  /** The live session and its user, or null when revoked, expired, not the token's user, or the user is gone. */
  async loadLive(sessionId: string, userId: string): Promise<{ session: AuthSession; user: User } | null> {
    const session = await this.db.getRepository(AuthSession).findOneBy({ id: sessionId, userId, revokedAt: IsNull() });
    if (!session || session.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    const user = await this.db.getRepository(User).findOneBy({ id: userId });
    if (!user) return null;
    return { session, user };
  }

  async touch(session: AuthSession): Promise<void> {
    const now = this.clock.now();
    // Sliding "last seen" at one-minute granularity: enough for a session list, cheap per request.
    if (now.getTime() - session.lastSeenAt.getTime() < 60_000) return;
    await this.db.getRepository(AuthSession).update({ id: session.id }, { lastSeenAt: now });
  }

  async revokeNow(sessionId: string): Promise<void> {
    await this.revoke(this.db.manager, sessionId);
  }

  async revoke(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.getRepository(AuthSession).update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }
}
