import { Dialog, DIALOG_DATA, DialogRef } from '@angular/cdk/dialog';
import { ChangeDetectionStrategy, Component, Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

export interface ConfirmOptions {
  /** The question, as the dialog's heading: "Cancel this booking?" */
  title: string;
  /** What happens if the person says yes. */
  message: string;
  /** The button that goes ahead: "Cancel booking", "Remove". */
  confirmLabel: string;
  /** The button that backs out (also Escape): "Keep booking". */
  cancelLabel?: string;
  /** Draw the confirm button as destructive (red). */
  danger?: boolean;
}

let nextId = 0;

/**
 * The body of a confirmation: an alertdialog named by its heading and described by its message.
 * Focus starts on the safe choice (the cancel button), so Enter on a stray key press never
 * destroys anything; the CDK traps Tab inside, closes on Escape and hands focus back to the
 * button that opened it.
 */
@Component({
  selector: 'app-confirm-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="title" [id]="ids.title">{{ data.title }}</h2>
    <p class="message" [id]="ids.message">{{ data.message }}</p>
    <div class="buttons">
      <button type="button" class="cancel" data-autofocus (click)="ref.close(false)">{{ data.cancelLabel ?? 'Go back' }}</button>
      <button type="button" class="confirm" [class.danger]="data.danger" (click)="ref.close(true)">{{ data.confirmLabel }}</button>
    </div>
  `,
  styles: `
    :host {
      display: block;
      box-sizing: border-box;
      width: min(28rem, calc(100vw - 2rem));
      background: #fff;
      color: #1d232b;
      border-radius: 10px;
      box-shadow: 0 12px 40px rgb(15 23 42 / 0.25);
      padding: 1.25rem 1.25rem 1rem;
      font: inherit;
    }
    .title {
      font-size: 1.1rem;
      margin: 0 0 0.5rem;
    }
    .message {
      margin: 0 0 1.25rem;
      line-height: 1.45;
      color: #374151;
    }
    .buttons {
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: 0.5rem;
    }
    button {
      font: inherit;
      font-weight: 500;
      min-height: 2.25rem;
      padding: 0 0.9rem;
      border-radius: 6px;
      border: 1px solid #cfd4da;
      background: #fff;
      color: #1d232b;
      cursor: pointer;
    }
    button:focus-visible {
      outline: 2px solid #1d4ed8;
      outline-offset: 2px;
    }
    .confirm {
      background: #1d4ed8;
      border-color: #1d4ed8;
      color: #fff;
    }
    .confirm.danger {
      background: #b91c1c;
      border-color: #b91c1c;
    }
  `,
})
export class ConfirmDialog {
  protected readonly data = inject<ConfirmOptions & { ids: { title: string; message: string } }>(DIALOG_DATA);
  protected readonly ref = inject<DialogRef<boolean, ConfirmDialog>>(DialogRef);
  protected readonly ids = this.data.ids;
}

/**
 * Asks a yes/no question in a modal CDK dialog instead of `window.confirm` (which has no styling,
 * no accessible name of our choosing and blocks the page). Resolves true only on the confirm
 * button; Escape, the backdrop and the cancel button all resolve false.
 */
@Injectable({ providedIn: 'root' })
export class Confirm {
  private readonly dialog = inject(Dialog);

  ask(options: ConfirmOptions): Promise<boolean> {
    const n = ++nextId;
    // The heading's and message's ids are chosen here so the dialog container can point at them.
    const ids = { title: `confirm-title-${n}`, message: `confirm-message-${n}` };
    const ref = this.dialog.open<boolean, ConfirmOptions & { ids: typeof ids }, ConfirmDialog>(ConfirmDialog, {
      data: { ...options, ids },
      role: 'alertdialog',
      ariaModal: true,
      ariaLabelledBy: ids.title,
      ariaDescribedBy: ids.message,
      autoFocus: '[data-autofocus]',
      restoreFocus: true,
      hasBackdrop: true,
    });
    return firstValueFrom(ref.closed, { defaultValue: undefined }).then((answer) => answer === true);
  }
}
