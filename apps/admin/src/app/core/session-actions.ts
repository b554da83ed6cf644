import { inject, Injectable } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { LOGIN_PATH, OPERATOR_BUSINESSES, type LoginRequest, type StartImpersonationRequest } from '#contracts';
import { Api } from './api';
import { AuthStore } from './auth-store';
import { NoticeService } from './notice.service';
import { SessionSync } from './session-sync';

/**
 * Everything that changes the session, in one place and always in the same order: call the API,
 * re-read GET /api/auth/me (never patch the state by hand), tell the other tabs, then navigate to
 * where the server said. Errors propagate to the caller, which shows `problemDetail(err)`.
 */
@Injectable({ providedIn: 'root' })
export class SessionActions {
  private readonly api = inject(Api);
  private readonly auth = inject(AuthStore);
  private readonly sync = inject(SessionSync);
  private readonly router = inject(Router);
  private readonly notice = inject(NoticeService);

  async signIn(credentials: LoginRequest): Promise<void> {
    await firstValueFrom(this.api.login(credentials));
    await this.auth.refresh();
    this.sync.announce();
  }

  /** Starts (or switches) an impersonation and lands where the server validated `returnTo` to. */
  async startImpersonation(request: StartImpersonationRequest): Promise<void> {
    const { redirectTo } = await firstValueFrom(this.api.startImpersonation(request));
    await this.auth.refresh();
    this.sync.announce();
    this.notice.dismiss();
    await this.router.navigateByUrl(redirectTo);
  }

  /** "Stay in the business": restarts the idle limit (the absolute one never moves). */
  async extendImpersonation(): Promise<void> {
    await firstValueFrom(this.api.extendImpersonation());
    await this.auth.refresh();
    this.sync.announce();
  }

  /** The pill's ×: ends the impersonation only; the operator stays signed in. */
  async exitImpersonation(): Promise<void> {
    const { redirectTo } = await firstValueFrom(this.api.exitImpersonation());
    await this.auth.refresh();
    this.sync.announce();
    await this.router.navigateByUrl(redirectTo || OPERATOR_BUSINESSES);
  }

  /**
   * Sign out. While impersonating the server ends only the impersonation (`signedOut: false`) and
   * the operator lands on the business list, still signed in; otherwise the session is revoked.
   */
  async signOut(): Promise<void> {
    const result = await firstValueFrom(this.api.logout());
    await this.auth.refresh();
    this.sync.announce();
    await this.router.navigateByUrl(result.signedOut ? LOGIN_PATH : result.redirectTo || OPERATOR_BUSINESSES);
  }
}
