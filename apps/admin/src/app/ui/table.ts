import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * A data table in its scrolling region. The region scrolls sideways on a phone, so it must be
 * reachable and named for keyboard and screen-reader users (axe: scrollable-region-focusable):
 * it is focusable, a `region`, and labelled. Project `<thead>` and `<tbody>`:
 *
 *   <ui-table label="Bookings"><thead>…</thead><tbody>…</tbody></ui-table>
 */
@Component({
  selector: 'ui-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-wrap" tabindex="0" role="region" [attr.aria-label]="label()">
      <table class="table">
        <ng-content />
      </table>
    </div>
  `,
  host: { class: 'ui-table' },
})
export class UiTable {
  /** The region's accessible name: what the rows are ("Bookings"). */
  readonly label = input.required<string>();
}
