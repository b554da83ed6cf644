import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, Public } from '../access/access.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { publicOriginOf, type PublicOrigin } from '../common/host-check.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { AuthService } from './auth.service.js';
import { CsrfCookies } from '../access/csrf-cookies.js';
import { LoginDto, PasswordResetConfirmDto, PasswordResetDto } from './dto.js';
import { PasswordResetService } from './password-reset.service.js';
import { cookieNames } from '../access/cookie-names.js';
import { NoIdempotencyKey } from '../idempotency/idempotency.decorators.js';
import { ApiProblems } from '../common/openapi/problems.js';
import { LoginResponse, LogoutResponse, MeResponse, PasswordResetConfirmResponse, PasswordResetRequestedResponse, TokenResponse } from './responses.js';

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
  @ApiOperation({
    operationId: 'requestPasswordReset',
    summary: 'Forgot password: mails a single-use link (1 hour) if the address has an account. The answer is the same either way.',
  })
  @ApiAcceptedResponse({ type: PasswordResetRequestedResponse })
  @ApiProblems({ 429: ['rate_limited'] })
  requestPasswordReset(@Body() body: PasswordResetDto, @Req() req: FastifyRequest): Promise<PasswordResetRequestedResponse> {
    return this.passwordResets.request(body.email, req.ip ?? null);
  }

  @Post('password-reset/confirm')
  @HttpCode(200)
  @Public()
  @ApiOperation({ operationId: 'confirmPasswordReset', summary: 'Choose a new password with the link’s token; every session of the account is signed out' })
  @ApiOkResponse({ type: PasswordResetConfirmResponse })
  @ApiProblems({ 400: ['token_invalid'] })
  confirmPasswordReset(@Body() body: PasswordResetConfirmDto): Promise<PasswordResetConfirmResponse> {
    return this.passwordResets.confirm(body.token, body.password);
  }

  @Post('login')
  @HttpCode(200)
  @Public()
  @NoIdempotencyKey()
  @ApiOperation({ operationId: 'login', summary: 'Sign in with e-mail and password; sets the HttpOnly session cookie and the XSRF-TOKEN cookie' })
  @ApiOkResponse({ type: LoginResponse, description: 'Signed in; Set-Cookie carries the session and the XSRF-TOKEN' })
  @ApiProblems({ 401: ['invalid_credentials'], 403: ['origin_invalid'], 429: ['rate_limited'] })
  async login(@Body() body: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponse> {
    this.assertSameOrigin(req);
    const { user, token, sessionId } = await this.auth.signIn(body.email, body.password, 'cookie', req.ip, headerOf(req, 'user-agent'));
    reply.setCookie(cookieNames(this.config.cookieSecure).session, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.cookieSecure,
      path: '/',
      maxAge: this.config.sessionTtlMinutes * 60,
    });
    this.csrf.issue(reply, sessionId, null);
    return { user };
  }

  @Post('token')
  @HttpCode(200)
  @Public()
  @NoIdempotencyKey()
  @ApiOperation({ operationId: 'createToken', summary: 'Exchange e-mail and password for a Bearer token (API clients, Swagger). No cookies, no CSRF.' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiProblems({ 401: ['invalid_credentials'], 429: ['rate_limited'] })
  async token(@Body() body: LoginDto, @Req() req: FastifyRequest): Promise<TokenResponse> {
    const { token } = await this.auth.signIn(body.email, body.password, 'bearer', req.ip, headerOf(req, 'user-agent'));
    return { accessToken: token, tokenType: 'Bearer', expiresIn: this.config.sessionTtlMinutes * 60 };
  }

  @Post('logout')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ operationId: 'logout', summary: 'Sign out. While impersonating, ends only the impersonation and keeps the operator signed in.' })
  @ApiOkResponse({ type: LogoutResponse })
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
  @ApiOperation({ operationId: 'getMe', summary: 'The signed-in person, their memberships, and the live impersonation if any' })
  @ApiOkResponse({ type: MeResponse })
  async me(
    @Req() req: FastifyRequest & { cookies?: Record<string, string | undefined> },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MeResponse> {
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
