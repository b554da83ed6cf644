import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { AuthSession } from './auth-session.entity.js';
import { SessionsRepository, type LiveSession } from './sessions.repository.js';

/** Server-side sessions: the JWT names one; this row decides whether it is still alive. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
  ) {}

  get ttlSeconds(): number {
    return this.config.sessionTtlMinutes * 60;
  }

  async create(
    manager: EntityManager,
    userId: string,
    transport: 'cookie' | 'bearer',
    ip: string | null,
    userAgent: string | null,
  ): Promise<{ session: AuthSession; token: string }> {
    const now = this.clock.now();
    const session = await this.sessions.create(manager, {
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

  /**
   * The live session, its user and its live impersonation in one round trip (SessionsRepository.loadLive),
   * or null when revoked, expired, not the token's user, or the user is gone. `activity`: whether
   * this request keeps an impersonation alive (session polling does not); `routeBusinessId`: the
   * business a `@BusinessAccess` route names, read with its membership for the access guard.
   */
  async loadLive(sessionId: string, userId: string, activity: boolean, routeBusinessId: string | null): Promise<LiveSession | null> {
    const now = this.clock.now();
    const live = await this.sessions.loadLive(sessionId, userId, now, activity, routeBusinessId);
    if (!live || live.session.expiresAt.getTime() <= now.getTime()) return null;
    return live;
  }

  async revokeNow(sessionId: string): Promise<void> {
    await this.sessions.revoke(undefined, sessionId, this.clock.now());
  }

  async revoke(manager: EntityManager, sessionId: string): Promise<void> {
    await this.sessions.revoke(manager, sessionId, this.clock.now());
  }
}
