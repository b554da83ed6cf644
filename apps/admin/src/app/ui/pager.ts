import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { KeysetList } from './keyset-list';

/** "Load more" under a keyset list, while there is a next page: `<ui-pager [list]="list" />`. */
@Component({
  selector: 'ui-pager',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (list().nextCursor()) {
      <div class="list-footer">
        <button type="button" class="btn" [disabled]="list().loading()" (click)="list().loadMore()">
          @if (list().loadingMore()) {
            <span class="spinner" aria-hidden="true"></span> Loading…
          } @else {
            Load more
          }
        </button>
      </div>
    }
  `,
})
export class Pager {
  readonly list = input.required<Pick<KeysetList<unknown>, 'nextCursor' | 'loading' | 'loadingMore' | 'loadMore'>>();
}
