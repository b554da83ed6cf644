import { effect, inject, Injectable, untracked } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { TitleStrategy, type RouterStateSnapshot } from '@angular/router';
import { AuthStore } from './auth-store';

export const APP_TITLE = 'Booking admin';

/** The document title for `pageTitle` while impersonating `businessName` (or not). */
export function composeTitle(pageTitle: string | undefined, businessName: string | null): string {
  const base = pageTitle ? `${pageTitle} · ${APP_TITLE}` : APP_TITLE;
  return businessName ? `[Impersonating ${businessName}] ${base}` : base;
}

/**
 * Route titles, prefixed with "[Impersonating <business>] " for as long as an impersonation is
 * live, so a tab strip or window switcher never hides that the operator acts as someone else.
 * Re-applied when the impersonation starts or ends without a navigation (another tab).
 */
@Injectable({ providedIn: 'root' })
export class ImpersonationTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly auth = inject(AuthStore);
  private pageTitle: string | undefined;

  constructor() {
    super();
    effect(() => {
      const name = this.auth.impersonation()?.business.name ?? null;
      untracked(() => this.title.setTitle(composeTitle(this.pageTitle, name)));
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.pageTitle = this.buildTitle(snapshot);
    this.title.setTitle(composeTitle(this.pageTitle, this.auth.impersonation()?.business.name ?? null));
  }
}
