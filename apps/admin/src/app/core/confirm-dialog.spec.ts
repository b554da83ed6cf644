import { TestBed } from '@angular/core/testing';
import { Confirm } from './confirm-dialog';

function dialog(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[role="alertdialog"]');
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('Confirm', () => {
  let opener: HTMLButtonElement;
  beforeEach(() => {
    opener = document.body.appendChild(document.createElement('button'));
    opener.textContent = 'Remove';
    opener.focus();
  });
  afterEach(() => opener.remove());

  it('is a modal alertdialog named by its heading and described by its message, focus on the safe choice', async () => {
    const answer = TestBed.inject(Confirm).ask({
      title: 'Remove Sam?',
      message: 'Sam can no longer sign in.',
      confirmLabel: 'Remove',
      cancelLabel: 'Keep member',
      danger: true,
    });
    await settle();
    const el = dialog()!;
    expect(el.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(el.getAttribute('aria-labelledby')!)!.textContent).toBe('Remove Sam?');
    expect(document.getElementById(el.getAttribute('aria-describedby')!)!.textContent).toBe('Sam can no longer sign in.');
    expect(document.activeElement!.textContent).toBe('Keep member');
    [...el.querySelectorAll('button')].find((b) => b.textContent === 'Remove')!.click();
    expect(await answer).toBe(true);
  });

  it('Escape answers no, closes the dialog and gives focus back to the button that opened it', async () => {
    const answer = TestBed.inject(Confirm).ask({ title: 'Cancel?', message: 'The slot becomes free.', confirmLabel: 'Cancel booking' });
    await settle();
    expect(dialog()).not.toBeNull();
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', keyCode: 27, bubbles: true }));
    expect(await answer).toBe(false);
    await settle();
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});
