import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { AuthStore } from '../core/auth-store';

/** An address the admin has no page for: said plainly, with the way home (not a silent redirect). */
@Component({
  selector: 'app-not-found-page',
  imports: [RouterLink],
  template: `
    <section class="page">
      <div class="card card-body state" data-testid="page-not-found">
        <h1 class="state-title">Page not found</h1>
        <p>
          There is no page at <code>{{ path }}</code>. The link may be mistyped or out of date.
        </p>
        <p><a class="btn" [routerLink]="home()">Go to your start page</a></p>
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
      margin: 0.5rem auto;
      max-width: 38rem;
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {
  private readonly auth = inject(AuthStore);
  protected readonly path = inject(Router).url.split(/[?#]/)[0];
  protected readonly home = computed(() => (this.auth.me() ? this.auth.landingPath() : '/login'));
}
