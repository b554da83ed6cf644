import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * What an empty list or a missing record says: a bold line, then what to do next (projected,
 * may hold a link or a button).
 */
@Component({
  selector: 'ui-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<strong>{{ title() }}</strong
    ><ng-content />`,
  host: { class: 'state' },
})
export class EmptyState {
  readonly title = input.required<string>();
}
