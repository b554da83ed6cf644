import { Component, computed, DestroyRef, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { AbstractControl } from '@angular/forms';
import { debounceTime } from 'rxjs';
import { AuthStore } from './auth-store';

interface StoredDraft {
  value: unknown;
  savedAt: string;
  impersonationId: string;
  businessName: string;
}

/**
 * What an operator typed into a form while impersonating, kept in this tab's sessionStorage so an
 * impersonation that ends mid-form (time limit, another tab) does not throw the work away. After
 * re-entering the business the same form offers it back; nothing is restored without a click,
 * and a successful save clears it. Business users never need this: their session has no
 * impersonation limit. Kept per tab (sessionStorage), never sent anywhere.
 */
export class FormDraft {
  private readonly auth: AuthStore;
  private readonly storageKey: string;
  private readonly offeredDraft = signal<StoredDraft | null>(null);
  /** A draft from an earlier impersonation of this business, waiting for Restore or Discard. */
  readonly offered = this.offeredDraft.asReadonly();
  readonly offeredAt = computed(() => {
    const d = this.offeredDraft();
    return d ? new Date(d.savedAt).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' }) : '';
  });

  constructor(
    private readonly form: AbstractControl,
    slug: string,
    name: string,
  ) {
    this.auth = inject(AuthStore);
    this.storageKey = `booking-admin-draft:${slug}:${name}`;
    const stored = this.read();
    const current = this.auth.impersonation();
    if (stored && current && stored.impersonationId !== current.id) this.offeredDraft.set(stored);
    else if (stored && !current) this.remove();
    form.valueChanges.pipe(debounceTime(300), takeUntilDestroyed(inject(DestroyRef))).subscribe(() => this.keep());
  }

  /** Puts the kept values back into the form (marked dirty, so leaving warns like any edit). */
  restore(): void {
    const draft = this.offeredDraft();
    if (!draft) return;
    this.form.patchValue(draft.value as never);
    this.form.markAsDirty();
    this.offeredDraft.set(null);
    this.keep();
  }

  discard(): void {
    this.offeredDraft.set(null);
    this.remove();
  }

  /** After a successful save: nothing left to offer back. */
  clear(): void {
    this.offeredDraft.set(null);
    this.remove();
  }

  private keep(): void {
    const imp = this.auth.impersonation();
    if (!imp || !this.form.dirty || this.offeredDraft()) return;
    const draft: StoredDraft = {
      value: this.form.getRawValue?.() ?? this.form.value,
      savedAt: new Date().toISOString(),
      impersonationId: imp.id,
      businessName: imp.business.name,
    };
    try {
      sessionStorage.setItem(this.storageKey, JSON.stringify(draft));
    } catch {
      // Storage full or disabled: the form still works, only without the safety net.
    }
  }

  private read(): StoredDraft | null {
    try {
      const raw = sessionStorage.getItem(this.storageKey);
      return raw ? (JSON.parse(raw) as StoredDraft) : null;
    } catch {
      return null;
    }
  }

  private remove(): void {
    try {
      sessionStorage.removeItem(this.storageKey);
    } catch {
      /* nothing to remove */
    }
  }
}

/** The offer of a kept draft, above the form it belongs to. */
@Component({
  selector: 'app-draft-offer',
  template: `
    @if (draft().offered(); as d) {
      <div class="alert alert-info draft-offer" role="status">
        <span>You typed changes here at {{ draft().offeredAt() }}, before your impersonation of {{ d.businessName }} ended. They were not saved.</span>
        <span class="draft-actions">
          <button type="button" class="btn btn-sm btn-primary primary" (click)="draft().restore()">Restore my changes</button>
          <button type="button" class="btn btn-sm" (click)="draft().discard()">Discard</button>
        </span>
      </div>
    }
  `,
  styles: `
    .draft-offer {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 16px;
      align-items: center;
      justify-content: space-between;
      margin: 0 0 12px;
    }
    .draft-actions {
      display: inline-flex;
      gap: 8px;
    }
  `,
})
export class DraftOffer {
  readonly draft = input.required<FormDraft>();
}
