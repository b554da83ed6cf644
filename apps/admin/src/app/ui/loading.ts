import { ChangeDetectionStrategy, Component } from '@angular/core';

/** A spinner and a line saying what is loading, announced politely: `<ui-loading>Loading bookings…</ui-loading>`. */
@Component({
  selector: 'ui-loading',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="spinner" aria-hidden="true"></span> <ng-content />`,
  host: { class: 'loading-row', role: 'status' },
})
export class Loading {}
