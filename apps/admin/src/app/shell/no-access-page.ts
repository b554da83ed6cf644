import { ChangeDetectionStrategy, Component } from '@angular/core';

/** A business user without any membership (e.g. removed from the team) has nowhere to land. */
@Component({
  selector: 'app-no-access-page',
  template: `
    <section class="page">
      <div class="card card-body state">
        <strong>No business to show</strong>
        Your account is not a member of any business yet. Ask a business owner to add you to their team.
      </div>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NoAccessPage {}
