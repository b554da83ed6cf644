import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { PasswordResetRequestedResponse } from '#contracts';
import { LIMITS } from '#contracts';
import { problemDetail } from '../ui/problem';

/** "Forgot password": the same answer whether or not the address has an account. */
@Component({
  selector: 'app-forgot-password-page',
  imports: [ReactiveFormsModule, RouterLink],
  template: `
    <main class="login">
      <div class="panel card">
        <div class="head">
          <h1>Forgot your password?</h1>
          <p class="muted">Enter your e-mail address and we will send you a link to choose a new one.</p>
        </div>
        @if (done(); as message) {
          <div class="alert alert-info" role="status">{{ message }}</div>
          <a routerLink="/login" class="btn">Back to sign in</a>
        } @else {
          @if (error(); as message) {
            <div class="alert alert-error" role="alert">{{ message }}</div>
          }
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
            <label class="field">
              <span>Email</span>
              <input
                class="input"
                type="email"
                formControlName="email"
                autocomplete="username"
                autofocus
                [attr.aria-invalid]="form.controls.email.invalid && form.controls.email.touched"
              />
              @if (form.controls.email.invalid && form.controls.email.touched) {
                <span class="field-error">Enter a valid email address.</span>
              }
            </label>
            <button class="btn btn-primary submit" type="submit" [disabled]="busy()">
              @if (busy()) {
                <span class="spinner" aria-hidden="true"></span> Sending…
              } @else {
                Send the link
              }
            </button>
          </form>
          <a routerLink="/login" class="muted small">Back to sign in</a>
        }
      </div>
    </main>
  `,
  styleUrl: '../login/login-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForgotPasswordPage {
  private readonly http = inject(HttpClient);
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(LIMITS.email.max)]],
  });
  protected readonly busy = signal(false);
  protected readonly done = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);

  protected async submit(): Promise<void> {
    this.error.set(null);
    if (this.form.invalid) return this.form.markAllAsTouched();
    this.busy.set(true);
    try {
      const res = await firstValueFrom(
        this.http.post<PasswordResetRequestedResponse>('/api/auth/password-reset', { email: this.form.getRawValue().email.trim() }),
      );
      this.done.set(res.detail);
    } catch (err) {
      this.error.set(problemDetail(err));
    } finally {
      this.busy.set(false);
    }
  }
}
