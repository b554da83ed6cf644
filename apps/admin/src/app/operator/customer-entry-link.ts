import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { customerPath, type BusinessRef, type StartImpersonationRequest } from '#contracts';
import { NoticeService } from '../core/notice.service';
import { problemDetail } from '../ui/problem';
import { SessionActions } from '../core/session-actions';

/**
 * A customer's name in a cross-business list. Clicking it starts an impersonation of the
 * customer's business (as owner) and lands on that customer's record, so the operator skips
 * finding the business first. The server re-validates `returnTo` against the business's slug.
 */
@Component({
  selector: 'app-customer-entry-link',
  template: `
    <button type="button" class="btn-link" [attr.aria-label]="'Open ' + customer().name + ' in ' + business().name" [disabled]="busy()" (click)="open()">
      {{ customer().name }}
    </button>
  `,
  styles: `
    .btn-link:disabled {
      cursor: progress;
      opacity: 0.6;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CustomerEntryLink {
  private readonly actions = inject(SessionActions);
  private readonly notice = inject(NoticeService);

  readonly customer = input.required<{ id: string; name: string }>();
  readonly business = input.required<BusinessRef>();
  readonly entryPoint = input.required<NonNullable<StartImpersonationRequest['entryPoint']>>();
  protected readonly busy = signal(false);

  protected async open(): Promise<void> {
    this.busy.set(true);
    try {
      await this.actions.startImpersonation({
        businessId: this.business().id,
        returnTo: customerPath(this.business().slug, this.customer().id),
        entryPoint: this.entryPoint(),
      });
    } catch (err) {
      this.notice.show(problemDetail(err, 'Could not open the customer.'), 'error');
    } finally {
      this.busy.set(false);
    }
  }
}
