import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { AuthStore } from '../core/auth-store';

/**
 * A business user with nowhere to land: every business they belong to is suspended by the platform
 * (the API shuts its own users out until it is reactivated), or they belong to none (removed from
 * the team). Each case says which it is and what to do.
 */
@Component({
  selector: 'app-no-access-page',
  template: `
    <section class="page">
      <div class="card card-body state" data-testid="no-access">
        @if (suspended().length) {
          <h1 class="state-title">{{ suspendedTitle() }}</h1>
          <p>
            The platform has suspended {{ names() }}. While a business is suspended its admin and its booking page are closed, and nothing in it can be changed;
            your bookings and customers are kept as they are.
          </p>
          <p>Contact the platform to have it reactivated. You can sign out from the menu at the top.</p>
        } @else {
          <h1 class="state-title">No business to show</h1>
          <p>Your account is not a member of any business yet. Ask a business owner to add you to their team.</p>
        }
      </div>
    </section>
  `,
  styles: `
    .state-title {
      font-size: 1.15rem;
      margin: 0 0 0.5rem;
      color: var(--text-2);
    }
    p {
      margin: 0.35rem auto;
      max-width: 38rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NoAccessPage {
  private readonly auth = inject(AuthStore);
  protected readonly suspended = computed(() => this.auth.me()?.suspendedBusinesses ?? []);
  protected readonly names = computed(() =>
    this.suspended()
      .map((b) => b.name)
      .join(', '),
  );
  protected readonly suspendedTitle = computed(() =>
    this.suspended().length === 1 ? `${this.suspended()[0]!.name} is suspended` : 'Your businesses are suspended',
  );
}
