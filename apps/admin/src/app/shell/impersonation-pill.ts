import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { AuthStore } from '../core/auth-store';
import { NoticeService } from '../core/notice.service';
import { problemDetail } from '../core/problem';
import { SessionActions } from '../core/session-actions';

const TICK_MS = 30_000;

/** "12 min left", "1 h 5 min left", "under 1 min left" until the earlier of two deadlines. */
export function timeLeftLabel(expiresAt: string, idleExpiresAt: string | undefined, now: number): string {
  const deadline = Math.min(Date.parse(expiresAt), idleExpiresAt ? Date.parse(idleExpiresAt) : Infinity);
  const minutes = Math.floor((deadline - now) / 60_000);
  if (!Number.isFinite(minutes) || deadline - now <= 0) return 'expiring';
  if (minutes < 1) return 'under 1 min left';
  if (minutes < 60) return `${minutes} min left`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

/**
 * The impersonation pill: always visible while an operator acts inside a business, next to the
 * profile menu. It has no close or collapse; the only way to make it go away is the × that ends
 * the impersonation (or the impersonation ending by itself).
 */
@Component({
  selector: 'app-impersonation-pill',
  template: `
    @if (impersonation(); as imp) {
      <div class="pill" role="status" [attr.aria-label]="summary()">
        <svg class="eye" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12Z" />
          <circle cx="12" cy="12" r="3" />
        </svg>
        <span class="name" [title]="imp.business.name">{{ imp.business.name }}</span>
        <span class="role">{{ roleLabel() }}</span>
        @if (suspended()) {
          <span class="suspended" title="This business is suspended: you can look around, but every change is refused until it is reactivated">suspended · view only</span>
        } @else if (imp.readOnly) {
          <span class="ro">read-only</span>
        }
        <span class="time" [title]="deadlineTitle()">{{ timeLeft() }}</span>
        <button type="button" class="exit" aria-label="Exit impersonation" title="Exit impersonation" [disabled]="exiting()" (click)="exit()">
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6 6 18" /></svg>
        </button>
      </div>
    }
  `,
  styles: `
    .pill {
      display: inline-flex;
      align-items: center;
      gap: 8px;
      height: 32px;
      padding: 0 4px 0 10px;
      border-radius: 999px;
      background: #fff3d6;
      border: 1px solid var(--amber);
      color: #5c3a00;
      font-size: 0.8125rem;
      max-width: 460px;
    }
    .eye {
      width: 16px;
      height: 16px;
      flex: none;
      fill: none;
      stroke: #a86a00;
      stroke-width: 2;
    }
    .name {
      font-weight: 600;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      min-width: 0;
    }
    .role {
      color: #7a5200;
    }
    .ro {
      padding: 1px 7px;
      border-radius: 999px;
      background: #5c3a00;
      color: #fff3d6;
      font-size: 0.6875rem;
      font-weight: 600;
      text-transform: uppercase;
      letter-spacing: 0.03em;
    }
    .suspended {
      padding: 1px 7px;
      border-radius: 999px;
      background: #8f1d1d;
      color: #fff;
      font-size: 0.6875rem;
      font-weight: 600;
      text-transform: uppercase;
      letter-spacing: 0.03em;
      white-space: nowrap;
    }
    .time {
      color: #7a5200;
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }
    .exit {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 24px;
      height: 24px;
      flex: none;
      border: 0;
      border-radius: 50%;
      background: var(--amber);
      color: #3d2600;
      cursor: pointer;
    }
    .exit:hover:not(:disabled) {
      background: #e08f00;
    }
    .exit:disabled {
      opacity: 0.6;
      cursor: progress;
    }
    .exit svg {
      width: 14px;
      height: 14px;
      fill: none;
      stroke: currentColor;
      stroke-width: 2.5;
      stroke-linecap: round;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImpersonationPill {
  private readonly auth = inject(AuthStore);
  private readonly actions = inject(SessionActions);
  private readonly notice = inject(NoticeService);
  private readonly now = signal(Date.now());

  protected readonly impersonation = this.auth.impersonation;
  protected readonly exiting = signal(false);
  /** A suspended business: the API refuses every write (403 business_suspended); reads stay open for troubleshooting. */
  protected readonly suspended = computed(() => this.impersonation()?.business.status === 'suspended');
  protected readonly roleLabel = computed(() => (this.impersonation()?.role === 'owner' ? 'Owner' : 'Staff'));
  protected readonly timeLeft = computed(() => {
    const imp = this.impersonation();
    return imp ? timeLeftLabel(imp.expiresAt, imp.idleExpiresAt, this.now()) : '';
  });
  protected readonly deadlineTitle = computed(() => {
    const imp = this.impersonation();
    if (!imp) return '';
    const fmt = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    return `Ends at ${fmt(imp.expiresAt)} at the latest, or at ${fmt(imp.idleExpiresAt)} if idle`;
  });
  protected readonly summary = computed(() => {
    const imp = this.impersonation();
    if (!imp) return '';
    const mode = this.suspended() ? ', business suspended: view only' : imp.readOnly ? ', read-only' : '';
    return `Impersonating ${imp.business.name} as ${this.roleLabel()}${mode}, ${this.timeLeft()}`;
  });

  constructor() {
    const timer = setInterval(() => this.now.set(Date.now()), TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  protected async exit(): Promise<void> {
    if (this.exiting()) return;
    this.exiting.set(true);
    try {
      await this.actions.exitImpersonation();
    } catch (err) {
      // 409 not_impersonating is handled (and explained) by the session interceptor.
      if (this.auth.impersonation()) this.notice.show(problemDetail(err), 'error');
    } finally {
      this.exiting.set(false);
    }
  }
}
