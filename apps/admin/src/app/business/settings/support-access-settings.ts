import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import type { SupportAccessDuration, SupportAccessSettings } from '#contracts';
import { AuthStore } from '../../core/auth-store';
import { injectBusinessContext } from '../../core/business-context';
import { formatDateTime } from '../../ui/format';
import { ErrorAlert } from '../../ui/error-alert';
import { problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';

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
  imports: [ErrorAlert],
  host: { class: 'stack' },
  template: `
    <ui-error-alert prefix="Could not load the support access setting:" [message]="loadError()" />
    @if (settings(); as s) {
      <section class="card card-body" aria-labelledby="support-access-heading">
        <h2 id="support-access-heading">Support access</h2>
        @if (s.mode === 'open') {
          <p class="alert alert-info" role="note">
            This platform lets its support team enter any business's admin without a grant; you are told each time they do. A grant made here takes effect if
            the platform starts requiring one.
          </p>
        } @else {
          <p class="muted">
            Nobody from the platform's support team can enter your admin unless you grant access here. Each visit is recorded in your access log and you are
            told when it starts.
          </p>
        }
        <div class="access-state" [class.open]="!!s.grantedUntil" data-testid="support-access-state">
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
        <ui-error-alert [message]="error()" />
        @if (done()) {
          <div class="alert alert-success" role="status">{{ done() }}</div>
        }
        <div class="actions">
          @for (c of choices; track c.duration) {
            <button
              type="button"
              class="btn"
              [class.btn-primary]="!s.grantedUntil && c.duration === 'PT1H'"
              [disabled]="saving() || locked()"
              (click)="update(c.duration)"
            >
              {{ c.label }}
            </button>
          }
          @if (s.grantedUntil) {
            <button type="button" class="btn btn-danger" [disabled]="saving() || locked()" (click)="update(null)">Revoke access</button>
          }
        </div>
        @if (s.grantedUntil) {
          <p class="muted small">Granting again replaces the current grant, counted from now. Revoking ends a visit in progress at once.</p>
        }
      </section>
    }
  `,
  styles: `
    section {
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    p {
      margin: 0;
    }
    .access-state {
      display: flex;
      flex-direction: column;
      gap: 4px;
      padding: 12px 16px;
      border-radius: var(--radius-sm);
      background: var(--surface-2);
      border: 1px solid var(--border);
    }
    .access-state.open {
      background: var(--success-soft);
      border-color: #b7e0c6;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
  `,
})
export class SupportAccessSettingsPage implements OnInit {
  private readonly api = inject(BusinessApi);
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

  protected when(iso: string | null): string {
    return formatDateTime(iso, 'datetime', { timeZone: this.biz.timeZone() });
  }

  ngOnInit(): void {
    const id = this.biz.id();
    if (!id) return;
    this.api.supportAccess(id).subscribe({
      next: (s) => this.settings.set(s),
      error: (err: unknown) => this.loadError.set(problemDetail(err)),
    });
  }

  protected update(duration: SupportAccessDuration | null): void {
    this.error.set(null);
    this.done.set(null);
    const id = this.biz.id();
    if (!id) return;
    this.saving.set(true);
    this.api.saveSupportAccess(id, { duration }).subscribe({
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
