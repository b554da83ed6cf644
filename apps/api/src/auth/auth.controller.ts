import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoginResponse, LogoutResponse, MeResponse, PasswordResetConfirmResponse, PasswordResetRequestedResponse, TokenResponse } from '#contracts';
import { AuditAction } from '../common/request-context.guard.js';
import { Authenticated, Public } from '../common/access.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { publicOriginOf, type PublicOrigin } from '../common/host-check.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ImpersonationContext } from '../impersonation/impersonation-context.js';
import { AuthService } from './auth.service.js';
import { CsrfCookies } from './csrf-cookies.js';
import { LoginDto, PasswordResetConfirmDto, PasswordResetDto } from './dto.js';
import { PasswordResetService } from './password-reset.service.js';
import { cookieNames } from './cookie-names.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly context: ImpersonationContext,
    private readonly csrf: CsrfCookies,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly passwordResets: PasswordResetService,
  ) {
    this.publicOrigin = publicOriginOf(config);
  }

  private readonly publicOrigin: PublicOrigin;

  @Post('password-reset')
  @HttpCode(202)
  @Public()
  @AuditAction('auth.password_reset.request')
  @ApiOperation({ summary: 'Forgot password: mails a single-use link (1 hour) if the address has an account. The answer is the same either way.' })
  @ApiAcceptedResponse({ description: 'PasswordResetRequestedResponse' })
  @ApiTooManyRequestsResponse({ description: 'problem+json `rate_limited` (too many requests from this address), with Retry-After' })
  requestPasswordReset(@Body() body: PasswordResetDto, @Req() req: FastifyRequest): Promise<PasswordResetRequestedResponse> {
    return this.passwordResets.request(body.email, req.ip ?? null);
  }

  @Post('password-reset/confirm')
  @HttpCode(200)
  @Public()
  @AuditAction('auth.password_reset')
  @ApiOperation({ summary: 'Choose a new password with the link’s token; every session of the account is signed out' })
  @ApiOkResponse({ description: 'PasswordResetConfirmResponse' })
  @ApiBadRequestResponse({ description: 'problem+json `token_invalid` (unknown, used or expired) | `validation_failed`' })
  confirmPasswordReset(@Body() body: PasswordResetConfirmDto): Promise<PasswordResetConfirmResponse> {
    return this.passwordResets.confirm(body.token, body.password);
  }

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Sign in with e-mail and password; sets the HttpOnly session cookie and the XSRF-TOKEN cookie' })
  @ApiTooManyRequestsResponse({ description: 'problem+json `rate_limited`, with Retry-After' })
  async login(@Body() body: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponse> {
    this.assertSameOrigin(req);
    const { user, token, sessionId } = await this.auth.signIn(body.email, body.password, 'cookie', req.ip, headerOf(req, 'user-agent'));
    reply.setCookie(cookieNames(this.config.cookieSecure).session, token, { httpOnly: true, sameSite: 'lax', secure: this.config.cookieSecure, path: '/', maxAge: this.config.sessionTtlMinutes * 60 });
    this.csrf.issue(reply, sessionId, null);
    return { user };
  }

  @Post('token')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Exchange e-mail and password for a Bearer token (API clients, Swagger). No cookies, no CSRF.' })
  async token(@Body() body: LoginDto, @Req() req: FastifyRequest): Promise<TokenResponse> {
    const { token } = await this.auth.signIn(body.email, body.password, 'bearer', req.ip, headerOf(req, 'user-agent'));
    return { accessToken: token, tokenType: 'Bearer', expiresIn: this.config.sessionTtlMinutes * 60 };
  }

  @Post('logout')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Sign out. While impersonating, ends only the impersonation and keeps the operator signed in.' })
  async logout(@Res({ passthrough: true }) reply: FastifyReply): Promise<LogoutResponse> {
    const principal = this.context.require();
    const result = await this.auth.signOut(principal);
    if (result.signedOut) {
      reply.clearCookie(cookieNames(this.config.cookieSecure).session, { path: '/', secure: this.config.cookieSecure });
      this.csrf.clear(reply);
    } else if (principal.transport === 'cookie') {
      this.csrf.issue(reply, principal.sessionId, null);
    }
    return result;
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in person, their memberships, and the live impersonation if any' })
  @ApiOkResponse({ description: 'MeResponse' })
  async me(@Req() req: FastifyRequest & { cookies?: Record<string, string | undefined> }, @Res({ passthrough: true }) reply: FastifyReply): Promise<MeResponse> {
    const principal = this.context.require();
    if (principal.transport === 'cookie') this.csrf.ensure(req, reply, principal.sessionId, principal.impersonation?.id ?? null);
    return this.auth.me(principal);
  }

  /**
   * Login CSRF: a browser posting from a foreign page sends that page's Origin; refuse it. Ours is
   * PUBLIC_URL's, never derived from Host or X-Forwarded-Host, which the client writes.
   */
  private assertSameOrigin(req: FastifyRequest): void {
    const origin = headerOf(req, 'origin');
    if (!origin) return; // non-browser clients send none; browsers always send it on POST
    if (!this.publicOrigin.allowsOrigin(origin)) {
      throw new DomainError(403, 'origin_invalid', 'Sign-in requests must come from this site');
    }
  }
}

function headerOf(req: FastifyRequest, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}
