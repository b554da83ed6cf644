import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { PasswordResetConfirmResponse } from '#contracts';
import { LIMITS } from '#contracts';
import { NoticeService } from '../core/notice.service';
import { problemCode, problemDetail } from '../ui/problem';
import { takeLinkToken } from './account-token';

/** The reset link's page: choose a new password; every device is signed out. */
@Component({
  selector: 'app-reset-password-page',
  imports: [ReactiveFormsModule, RouterLink],
  template: `
    <main class="login">
      <div class="panel card">
        <div class="head">
          <h1>Choose a new password</h1>
          <p class="muted">Every device signed in to your account will be signed out.</p>
        </div>
        @if (!token) {
          <div class="alert alert-error" role="alert">This page needs the link from your e-mail. Ask for a new one if it has expired.</div>
          <a routerLink="/forgot-password" class="btn">Ask for a new link</a>
        } @else {
          @if (error(); as message) {
            <div class="alert alert-error" role="alert">{{ message }}</div>
            @if (expired()) {
              <a routerLink="/forgot-password">Ask for a new link</a>
            }
          }
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
            <label class="field">
              <span>New password</span>
              <input class="input" type="password" formControlName="password" autocomplete="new-password" autofocus />
              <span class="muted small">At least 8 characters.</span>
            </label>
            <label class="field">
              <span>Repeat it</span>
              <input class="input" type="password" formControlName="repeat" autocomplete="new-password" />
              @if (mismatch()) {
                <span class="field-error">The two passwords are not the same.</span>
              }
            </label>
            <button class="btn btn-primary submit" type="submit" [disabled]="busy()">
              @if (busy()) {
                <span class="spinner" aria-hidden="true"></span> Saving…
              } @else {
                Save the new password
              }
            </button>
          </form>
        }
      </div>
    </main>
  `,
  styleUrl: '../login/login-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResetPasswordPage {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly notices = inject(NoticeService);
  protected readonly token = takeLinkToken();
  protected readonly form = inject(NonNullableFormBuilder).group({
    password: ['', [Validators.required, Validators.minLength(LIMITS.password.min), Validators.maxLength(LIMITS.password.max)]],
    repeat: ['', [Validators.required]],
  });
  protected readonly busy = signal(false);
  protected readonly mismatch = signal(false);
  protected readonly expired = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async submit(): Promise<void> {
    this.error.set(null);
    const { password, repeat } = this.form.getRawValue();
    this.mismatch.set(password !== repeat);
    if (this.form.invalid || password !== repeat) {
      if (this.form.controls.password.invalid) this.error.set('Choose a password of at least 8 characters.');
      return this.form.markAllAsTouched();
    }
    this.busy.set(true);
    try {
      const res = await firstValueFrom(this.http.post<PasswordResetConfirmResponse>('/api/auth/password-reset/confirm', { token: this.token, password }));
      this.notices.show('Your password was changed. Sign in with the new one.');
      await this.router.navigate(['/login'], { queryParams: { email: res.email } });
    } catch (err) {
      this.expired.set(problemCode(err) === 'token_invalid');
      this.error.set(problemDetail(err));
    } finally {
      this.busy.set(false);
    }
  }
}
