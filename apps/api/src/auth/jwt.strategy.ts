import { createSecretKey } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { isUuid } from '../common/uuid.js';

import { cookieNames } from '../access/cookie-names.js';

/** What a verified token says: who, and which server-side session. Nothing else is trusted from it. */
export interface TokenClaims {
  userId: string;
  sessionId: string;
  transport: 'cookie' | 'bearer';
}

/**
 * A Bearer header wins over the cookie; the transport is remembered because only cookie-borne
 * (ambient) credentials need CSRF protection.
 */
export function extractToken(req: FastifyRequest & { authTransport?: 'cookie' | 'bearer' }, sessionCookie: string): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.length > 0) {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(header);
    req.authTransport = 'bearer';
    return match ? match[1]! : null;
  }
  const cookie = (req as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[sessionCookie];
  req.authTransport = 'cookie';
  return cookie || null;
}

/**
 * passport-jwt with algorithm, issuer, audience and expiry enforced. They are set at the strategy's
 * top level: passport-jwt overwrites `jsonWebTokenOptions` with its own top-level values, so
 * settings placed only there are silently lost. jsonwebtoken accepts a token without `exp`; we don't.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      jwtFromRequest: (req: FastifyRequest) => extractToken(req, cookieNames(config.cookieSecure).session),
      // The key object is built once: given the secret as a string, jsonwebtoken first tries to read
      // it as a public key (which throws) and then builds a secret key from it, on every request.
      // The same bytes either way, so every token verifies exactly as before.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
      algorithms: ['HS256'],
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  validate(req: FastifyRequest & { authTransport?: 'cookie' | 'bearer' }, payload: Record<string, unknown>): TokenClaims {
    if (typeof payload.exp !== 'number' || typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || !isUuid(payload.sub) || !isUuid(payload.sid)) {
      throw new UnauthorizedException('The token is not valid');
    }
    return { userId: payload.sub, sessionId: payload.sid, transport: req.authTransport ?? 'cookie' };
  }
}
