import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { AcceptInvitationResponse, InvitationLookupResponse } from '#contracts';
import { LIMITS } from '#contracts';
import { NoticeService } from '../core/notice.service';
import { problemDetail } from '../ui/problem';
import { takeLinkToken } from './account-token';

/**
 * An invitation's page. A new person chooses their password (and may correct their name); a person
 * who already has an account confirms with its password and the business is added to it.
 */
@Component({
  selector: 'app-accept-invite-page',
  imports: [ReactiveFormsModule],
  template: `
    <main class="login">
      <div class="panel card">
        @if (!token) {
          <div class="head"><h1>Invitation</h1></div>
          <div class="alert alert-error" role="alert">This page needs the link from your invitation e-mail.</div>
        } @else if (loadError(); as message) {
          <div class="head"><h1>Invitation</h1></div>
          <div class="alert alert-error" role="alert">{{ message }}</div>
        } @else if (invitation(); as inv) {
          <div class="head">
            <h1>Join {{ inv.business.name }}</h1>
            <p class="muted">You are invited as {{ inv.role === 'owner' ? 'an owner' : 'staff' }}, with {{ inv.email }}.</p>
          </div>
          @if (error(); as message) {
            <div class="alert alert-error" role="alert">{{ message }}</div>
          }
          <form [formGroup]="form" (ngSubmit)="submit(inv)" novalidate>
            @if (inv.account === 'new') {
              <label class="field">
                <span>Your name</span>
                <input class="input" formControlName="name" autocomplete="name" />
              </label>
              <label class="field">
                <span>Choose a password</span>
                <input class="input" type="password" formControlName="password" autocomplete="new-password" autofocus />
                <span class="muted small">At least 8 characters.</span>
              </label>
            } @else {
              <p>You already have an account: enter its password to add {{ inv.business.name }} to it.</p>
              <label class="field">
                <span>Your password</span>
                <input class="input" type="password" formControlName="password" autocomplete="current-password" autofocus />
              </label>
            }
            <button class="btn btn-primary submit" type="submit" [disabled]="busy()">
              @if (busy()) {
                <span class="spinner" aria-hidden="true"></span> Joining…
              } @else {
                Accept and join
              }
            </button>
          </form>
        } @else {
          <div class="loading-row" role="status"><span class="spinner" aria-hidden="true"></span> Opening the invitation…</div>
        }
      </div>
    </main>
  `,
  styleUrl: '../login/login-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AcceptInvitePage {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly notices = inject(NoticeService);
  protected readonly token = takeLinkToken();
  protected readonly invitation = signal<InvitationLookupResponse | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.maxLength(LIMITS.name.max)]],
    password: ['', [Validators.required, Validators.minLength(LIMITS.password.min), Validators.maxLength(LIMITS.password.max)]],
  });

  constructor() {
    if (this.token) void this.load(this.token);
  }

  private async load(token: string): Promise<void> {
    try {
      const inv = await firstValueFrom(this.http.post<InvitationLookupResponse>('/api/team-invitations/lookup', { token }));
      this.form.controls.name.setValue(inv.name);
      this.invitation.set(inv);
    } catch (err) {
      this.loadError.set(problemDetail(err));
    }
  }

  protected async submit(inv: InvitationLookupResponse): Promise<void> {
    this.error.set(null);
    if (this.form.invalid) {
      this.error.set(inv.account === 'new' ? 'Choose a password of at least 8 characters.' : 'Enter your password.');
      return this.form.markAllAsTouched();
    }
    this.busy.set(true);
    try {
      const { name, password } = this.form.getRawValue();
      const body = inv.account === 'new' && name.trim() ? { token: this.token, password, name: name.trim() } : { token: this.token, password };
      const res = await firstValueFrom(this.http.post<AcceptInvitationResponse>('/api/team-invitations/accept', body));
      this.notices.show(`You joined ${res.business.name}. Sign in to start.`);
      await this.router.navigate(['/login'], { queryParams: { email: res.email } });
    } catch (err) {
      this.error.set(problemDetail(err));
    } finally {
      this.busy.set(false);
    }
  }
}
