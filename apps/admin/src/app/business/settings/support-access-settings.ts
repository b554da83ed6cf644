import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { HttpClient } from '@angular/common/http';
import type { SupportAccessDuration, SupportAccessSettings, UpdateSupportAccessRequest } from '#contracts';
import { AuthStore } from '../../core/auth-store';
import { injectBusinessContext } from '../../core/business-context';
import { formatDateTime } from '../../ui/format';
import { problemDetail } from '../../ui/problem';

const CHOICES: { duration: SupportAccessDuration; label: string }[] = [
  { duration: 'PT1H', label: 'Grant for 1 hour' },
  { duration: 'P1D', label: 'Grant for 1 day' },
  { duration: 'P7D', label: 'Grant for 1 week' },
];

/**
 * Support access (owner): whether platform operators may enter this admin, and until when. The
 * owner grants for an hour, a day or a week and may revoke at any time; a revoke ends a live visit
 * at the operator's next request. Only the business's own owners can change it: an operator inside
 * the business (impersonating the owner) sees the setting but cannot grant access to themselves.
 */
@Component({
  selector: 'app-support-access-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (loadError()) { <div class="alert alert-error" role="alert">Could not load the support access setting: {{ loadError() }}</div> }
    @if (settings(); as s) {
      <section class="card" aria-labelledby="support-access-heading">
        <h2 id="support-access-heading">Support access</h2>
        @if (s.mode === 'open') {
          <p class="alert alert-info" role="note">
            This platform lets its support team enter any business's admin without a grant; you are told each time they do.
            A grant made here takes effect if the platform starts requiring one.
          </p>
        } @else {
          <p class="muted">Nobody from the platform's support team can enter your admin unless you grant access here. Each visit is recorded in your access log and you are told when it starts.</p>
        }
        <div class="state" [class.open]="!!s.grantedUntil" data-testid="support-access-state">
          @if (s.grantedUntil) {
            <strong>Access granted until {{ when(s.grantedUntil) }}</strong>
            <span class="muted small">Granted by {{ s.grantedBy?.name ?? 'an owner' }} on {{ when(s.grantedAt) }}</span>
          } @else {
            <strong>No access granted</strong>
            <span class="muted small">{{ s.mode === 'granted' ? 'Operators cannot enter your admin.' : 'Operators may still enter (open platform).' }}</span>
          }
          @if (s.breakGlassAvailable) {
            <span class="muted small">In an emergency the platform may enter without a grant; you are told at once, with their reason.</span>
          }
        </div>
        @if (impersonating()) {
          <p class="alert alert-info" role="note">Only the business's own owners can grant or revoke support access, not the platform's support team.</p>
        }
        @if (error()) { <div class="alert alert-error" role="alert">{{ error() }}</div> }
        @if (done()) { <div class="alert alert-ok" role="status">{{ done() }}</div> }
        <div class="actions">
          @for (c of choices; track c.duration) {
            <button type="button" [class.primary]="!s.grantedUntil && c.duration === 'PT1H'" [disabled]="saving() || locked()" (click)="update(c.duration)">{{ c.label }}</button>
          }
          @if (s.grantedUntil) {
            <button type="button" class="danger" [disabled]="saving() || locked()" (click)="update(null)">Revoke access</button>
          }
        </div>
        @if (s.grantedUntil) {
          <p class="muted small">Granting again replaces the current grant, counted from now. Revoking ends a visit in progress at once.</p>
        }
      </section>
    }
  `,
  styleUrl: '../ui/page.css',
  styles: `
    h2 { margin-top: 0; }
    .state { display: flex; flex-direction: column; gap: .25rem; margin: 1rem 0; padding: .75rem 1rem; border-radius: 6px; background: #f9fafb; border: 1px solid #e5e7eb; }
    .state.open { background: #f0fdf4; border-color: #bbf7d0; }
  `,
})
export class SupportAccessSettingsPage implements OnInit {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthStore);
  protected readonly biz = injectBusinessContext();
  protected readonly choices = CHOICES;
  protected readonly settings = signal<SupportAccessSettings | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly done = signal<string | null>(null);
  protected readonly impersonating = computed(() => this.auth.isImpersonating());
  /** Read-only or any impersonation: the API refuses the change, so the buttons say so first. */
  protected readonly locked = computed(() => this.impersonating() || this.biz.readOnly());

  private url(): string {
    return `/api/businesses/${this.biz.id()}/settings/support-access`;
  }

  protected when(iso: string | null): string {
    return formatDateTime(iso, 'datetime', { timeZone: this.biz.timeZone() });
  }

  ngOnInit(): void {
    if (!this.biz.id()) return;
    this.http.get<SupportAccessSettings>(this.url()).subscribe({
      next: (s) => this.settings.set(s),
      error: (err: unknown) => this.loadError.set(problemDetail(err)),
    });
  }

  protected update(duration: SupportAccessDuration | null): void {
    this.error.set(null);
    this.done.set(null);
    this.saving.set(true);
    const body: UpdateSupportAccessRequest = { duration };
    this.http.put<SupportAccessSettings>(this.url(), body).subscribe({
      next: (s) => {
        this.settings.set(s);
        this.saving.set(false);
        this.done.set(s.grantedUntil ? `Support access granted until ${this.when(s.grantedUntil)}.` : 'Support access revoked.');
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.error.set(problemDetail(err));
      },
    });
  }
}
