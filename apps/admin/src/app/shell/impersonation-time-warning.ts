import { LiveAnnouncer } from '@angular/cdk/a11y';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { validateReturnTo } from '#contracts';
import { AuthStore } from '../core/auth-store';
import { Now } from '../core/now';
import { problemDetail } from '../ui/problem';
import { SessionActions } from '../core/session-actions';
import { firstDeadline, WARN_MINUTES } from './impersonation-pill';

/**
 * The warning a few minutes before an impersonation ends, so an operator in the middle of a form
 * is not surprised by the limit. For the idle limit, "Stay" restarts it (POST
 * /api/impersonation/extend). The absolute limit cannot be moved: the operator may start again
 * with a new reason (a new, separately audited impersonation) and lands back on this page.
 */
@Component({
  selector: 'app-impersonation-time-warning',
  imports: [FormsModule],
  template: `
    @if (warning(); as w) {
      <section class="time-warning" role="region" aria-label="Impersonation time limit">
        <p>
          <strong>{{ w.business }}: {{ w.countdown }} left.</strong>
          @if (w.limit === 'idle') {
            The impersonation ends then unless something happens in it first.
          } @else {
            The impersonation reaches its time limit at {{ w.endsAt }} and cannot be extended. To carry on after that, start again with a reason.
          }
        </p>
        <div class="actions">
          @if (w.limit === 'idle') {
            <button type="button" class="btn btn-sm btn-primary" [disabled]="busy()" (click)="stay()">Stay in {{ w.business }}</button>
          } @else {
            <label class="reason">
              <span class="sr-only">Reason for starting again</span>
              <input class="input" [(ngModel)]="reason" placeholder="Reason, e.g. Ticket #1234" maxlength="500" />
            </label>
            <button type="button" class="btn btn-sm btn-primary" [disabled]="busy() || !reason().trim()" (click)="startAgain()">Start again</button>
          }
        </div>
        @if (error(); as message) {
          <p class="field-error" role="alert">{{ message }}</p>
        }
      </section>
    }
  `,
  styles: `
    .time-warning {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px 16px;
      max-width: 1240px;
      margin-bottom: 16px;
      padding: 10px 14px;
      border: 1px solid var(--amber);
      border-radius: var(--radius-sm);
      background: #fff3d6;
      color: #4a2f00;
    }
    p {
      margin: 0;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .reason .input {
      width: 220px;
      height: 28px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImpersonationTimeWarning {
  private readonly auth = inject(AuthStore);
  private readonly actions = inject(SessionActions);
  private readonly router = inject(Router);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly now = inject(Now).value;

  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly reason = signal('');

  protected readonly warning = computed(() => {
    const imp = this.auth.impersonation();
    if (!imp) return null;
    const deadline = firstDeadline(imp.expiresAt, imp.idleExpiresAt);
    const left = deadline.at - this.now();
    if (left > WARN_MINUTES * 60_000 || left <= 0) return null;
    const minutes = Math.floor(left / 60_000);
    const seconds = Math.floor((left % 60_000) / 1000);
    return {
      business: imp.business.name,
      limit: deadline.limit,
      countdown: `${minutes}:${String(seconds).padStart(2, '0')}`,
      minutes: Math.max(1, Math.ceil(left / 60_000)),
      endsAt: new Date(deadline.at).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' }),
      id: imp.id,
    };
  });

  constructor() {
    // Say it once per impersonation and limit, politely: the region itself updates every second.
    let announced: string | null = null;
    effect(() => {
      const w = this.warning();
      const key = w ? `${w.id}:${w.limit}` : null;
      if (!w || key === announced) return;
      announced = key;
      untracked(() => {
        void this.announcer.announce(
          w.limit === 'idle'
            ? `The impersonation of ${w.business} ends in ${w.minutes} minutes unless you stay.`
            : `The impersonation of ${w.business} reaches its time limit at ${w.endsAt}.`,
          'polite',
        );
      });
    });
  }

  protected async stay(): Promise<void> {
    await this.run(() => this.actions.extendImpersonation(), 'Could not extend the impersonation.');
  }

  /** A new impersonation of the same business, role and mode, back on the current page. */
  protected async startAgain(): Promise<void> {
    const imp = this.auth.impersonation();
    if (!imp) return;
    const here = this.router.url;
    const returnTo = validateReturnTo(here, imp.business.slug).ok ? here : undefined;
    await this.run(
      () =>
        this.actions.startImpersonation({
          businessId: imp.business.id,
          role: imp.role,
          readOnly: imp.readOnly,
          reason: this.reason().trim(),
          returnTo,
          entryPoint: 'time_limit',
        }),
      'Could not start again.',
    );
    this.reason.set('');
  }

  private async run(action: () => Promise<void>, fallback: string): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await action();
    } catch (err) {
      this.error.set(problemDetail(err, fallback));
    } finally {
      this.busy.set(false);
    }
  }
}
