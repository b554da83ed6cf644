import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

/**
 * The filters above a list: a named `search` landmark holding the page's fields (`.field` labels),
 * a "Clear filters" button while any filter is set, and a spinner while the list loads.
 * A reactive form may sit on the host: `<ui-filter-bar [formGroup]="filters" label="…">`.
 */
@Component({
  selector: 'ui-filter-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ng-content />
    @if (active()) {
      <button type="button" class="btn" (click)="cleared.emit()">Clear filters</button>
    }
    @if (busy()) {
      <span class="spinner" role="status" aria-label="Loading"></span>
    }
  `,
  host: { class: 'filters', role: 'search', '[attr.aria-label]': 'label()' },
})
export class FilterBar {
  /** The landmark's name ("Filter bookings"). */
  readonly label = input.required<string>();
  /** Some filter is set: offer to clear them. */
  readonly active = input(false);
  readonly busy = input(false);
  readonly cleared = output<void>();
}
