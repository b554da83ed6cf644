import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

/**
 * A failure in words (role=alert), with "Try again" when the page can retry:
 * `<ui-error-alert [message]="list.error()" (retry)="list.retry()" />`. Shows nothing without a message.
 */
@Component({
  selector: 'ui-error-alert',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (message(); as text) {
      <div class="alert alert-error" role="alert">
        {{ prefix() ? prefix() + ' ' : '' }}{{ text }}
        @if (retryable()) {
          <button type="button" class="btn btn-sm" (click)="retry.emit()">Try again</button>
        }
      </div>
    }
  `,
  host: { class: 'ui-error-alert' },
})
export class ErrorAlert {
  readonly message = input<string | null | undefined>(null);
  /** Words before the message ("Could not load bookings:"). */
  readonly prefix = input<string>('');
  readonly retryable = input(false);
  readonly retry = output<void>();
}
