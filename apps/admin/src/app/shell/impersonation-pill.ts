import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Now } from '../core/now';
import { AuthStore } from '../core/auth-store';
import { NoticeService } from '../core/notice.service';
import { problemDetail } from '../ui/problem';
import { SessionActions } from '../core/session-actions';

/** Within this many minutes of the end, the pill counts seconds and the shell shows a warning. */
export const WARN_MINUTES = 5;

export interface Deadline {
  /** Epoch ms of the limit that will end the impersonation first. */
  at: number;
  /** `idle`: no request for the idle limit; `absolute`: the fixed end set at start. */
  limit: 'idle' | 'absolute';
}

/** Whichever limit ends the impersonation first: the absolute end, or the idle one if sooner. */
export function firstDeadline(expiresAt: string, idleExpiresAt: string | undefined): Deadline {
  const absolute = Date.parse(expiresAt);
  const idle = idleExpiresAt ? Date.parse(idleExpiresAt) : Infinity;
  return idle < absolute ? { at: idle, limit: 'idle' } : { at: absolute, limit: 'absolute' };
}

/** "12 min left", "1 h 5 min left", "4:05 left" in the last minutes, until the earlier of two deadlines. */
export function timeLeftLabel(expiresAt: string, idleExpiresAt: string | undefined, now: number): string {
  const left = firstDeadline(expiresAt, idleExpiresAt).at - now;
  if (!Number.isFinite(left) || left <= 0) return 'expiring';
  const minutes = Math.floor(left / 60_000);
  if (minutes < WARN_MINUTES) {
    const seconds = Math.floor((left % 60_000) / 1000);
    return `${minutes}:${String(seconds).padStart(2, '0')} left`;
  }
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
          <span class="suspended" title="This business is suspended: you can look around, but every change is refused until it is reactivated"
            >suspended · view only</span
          >
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
  host: { class: 'pill-host' },
  styles: `
    :host {
      display: flex;
      min-width: 0;
    }
    .pill {
      min-width: 0;
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
    /* A phone keeps the business name, the time and the ×; the role moves to the label only. */
    @media (max-width: 760px) {
      .pill {
        gap: 6px;
        padding-left: 8px;
      }
      .role,
      .eye {
        display: none;
      }
      .ro {
        padding: 1px 5px;
      }
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
  private readonly now = inject(Now).value;

  protected readonly impersonation = this.auth.impersonation;
  protected readonly exiting = signal(false);
  /** A suspended business: the API refuses every write (403 business_suspended); reads stay open for troubleshooting. */
  protected readonly suspended = computed(() => this.impersonation()?.business.status === 'suspended');
  protected readonly roleLabel = computed(() => (this.impersonation()?.role === 'owner' ? 'Owner' : 'Staff'));
  protected readonly timeLeft = computed(() => {
    const imp = this.impersonation();
    return imp ? timeLeftLabel(imp.expiresAt, imp.idleExpiresAt, this.now()) : '';
  });
  /** Screen readers get whole minutes, not a label that changes every second. */
  private readonly minutesLeft = computed(() => {
    const imp = this.impersonation();
    if (!imp) return '';
    const left = Math.max(0, Math.ceil((firstDeadline(imp.expiresAt, imp.idleExpiresAt).at - this.now()) / 60_000));
    return left <= 1 ? 'under 1 min left' : `${left} min left`;
  });
  protected readonly deadlineTitle = computed(() => {
    const imp = this.impersonation();
    if (!imp) return '';
    const fmt = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
    return `Ends at ${fmt(imp.expiresAt)} at the latest (the time limit), or at ${fmt(imp.idleExpiresAt)} if nothing happens before (the idle limit)`;
  });
  protected readonly summary = computed(() => {
    const imp = this.impersonation();
    if (!imp) return '';
    const mode = this.suspended() ? ', business suspended: view only' : imp.readOnly ? ', read-only' : '';
    return `Impersonating ${imp.business.name} as ${this.roleLabel()}${mode}, ${this.minutesLeft()}`;
  });

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
