import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { SetupStep } from '#contracts';
import { injectBusinessContext } from '../../core/business-context';
import { BusinessApi } from '../business-api';

/** What each step asks for and where it is done (a settings page, owners only). */
const STEPS: Record<SetupStep, { title: string; todo: string; page: string }> = {
  hours: {
    title: 'Opening hours',
    todo: 'Check the days and hours you take bookings (new businesses start with Mon–Fri 9–17) and save them.',
    page: 'availability',
  },
  services: { title: 'Services', todo: 'Add what customers can book, with its length and price.', page: 'services' },
  resources: { title: 'Resources', todo: 'Add the chairs, rooms or people a booking takes.', page: 'resources' },
  team: { title: 'Team', todo: 'Invite the people who work with you.', page: 'team' },
  branding: { title: 'Branding', todo: 'Choose your colour or logo for the admin and the booking page.', page: 'branding' },
};

/**
 * The set-up checklist of a new business, on its dashboard until every step is done. "Done" is the
 * API's (GET /businesses/:id/setup, read from the data), so a step ticks itself when the thing
 * exists, whoever made it. Shown to owners and to an operator impersonating the business; the
 * links go to the settings pages, which only owners can open.
 */
@Component({
  selector: 'app-setup-checklist',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    @if (state(); as c) {
      @if (!c.complete) {
        <section class="card card-body setup" aria-labelledby="setup-title">
          <div class="setup-head">
            <h2 id="setup-title">Get {{ biz.name() }} ready for bookings</h2>
            <span class="muted">{{ doneCount() }} of {{ c.steps.length }} done</span>
          </div>
          <ol class="steps">
            @for (s of c.steps; track s.step) {
              <li [class.done]="s.done">
                <span class="mark" aria-hidden="true">{{ s.done ? '✓' : '' }}</span>
                <div>
                  @if (biz.isOwner()) {
                    <a [routerLink]="biz.link('settings', text[s.step].page)">{{ text[s.step].title }}</a>
                  } @else {
                    <strong>{{ text[s.step].title }}</strong>
                  }
                  <span class="sr-only">{{ s.done ? ' (done)' : ' (to do)' }}</span>
                  @if (!s.done) {
                    <div class="muted small">{{ text[s.step].todo }}</div>
                  }
                </div>
              </li>
            }
          </ol>
          @if (!biz.isOwner()) {
            <p class="muted small">Only an owner can change these settings.</p>
          }
        </section>
      }
    }
  `,
  styles: `
    .setup-head {
      display: flex;
      justify-content: space-between;
      align-items: baseline;
      gap: 1rem;
      flex-wrap: wrap;
    }
    .setup-head h2 {
      margin: 0;
      font-size: 1.05rem;
    }
    .steps {
      list-style: none;
      margin: 0.75rem 0 0;
      padding: 0;
      display: grid;
      gap: 0.6rem;
    }
    .steps li {
      display: flex;
      gap: 0.65rem;
      align-items: flex-start;
    }
    .mark {
      flex: none;
      width: 1.35rem;
      height: 1.35rem;
      border-radius: 50%;
      border: 2px solid var(--border-strong, #9aa3af);
      display: inline-grid;
      place-items: center;
      font-size: 0.8rem;
      line-height: 1;
    }
    .done .mark {
      background: var(--success, #15803d);
      border-color: var(--success, #15803d);
      color: #fff;
    }
    .done a,
    .done strong {
      color: var(--text-2, #374151);
    }
  `,
})
export class SetupChecklist {
  private readonly api = inject(BusinessApi);
  protected readonly biz = injectBusinessContext();
  protected readonly text = STEPS;
  protected readonly checklist = rxResource({
    params: () => this.biz.id() ?? undefined,
    stream: ({ params: id }) => this.api.setup(id),
  });
  /** Null while loading or if it failed (value() throws then): the dashboard shows without it. */
  protected readonly state = computed(() => (this.checklist.hasValue() ? this.checklist.value() : null));
  protected readonly doneCount = computed(() => this.state()?.steps.filter((s) => s.done).length ?? 0);
}
