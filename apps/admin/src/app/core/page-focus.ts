import { DOCUMENT, inject, Injectable } from '@angular/core';
import { NavigationEnd, Router } from '@angular/router';
import { filter } from 'rxjs';

/** How long to wait for a lazily loaded page to render its heading before giving up. */
const MAX_FRAMES = 60;

/**
 * Moves keyboard and screen-reader focus to the new page's heading after each navigation that
 * changes the path, the way a full page load would put them at the top. Without it, focus stays
 * on the link that was clicked (now in the previous page's context) and a screen reader announces
 * nothing. Query-only changes (filters, paging) keep focus where it is, so typing in a search box
 * that updates the URL is never interrupted. The first load is left alone: the browser already
 * starts at the top.
 */
@Injectable({ providedIn: 'root' })
export class PageFocus {
  private readonly document = inject(DOCUMENT);
  private lastPath: string | null = null;

  constructor() {
    inject(Router)
      .events.pipe(filter((e) => e instanceof NavigationEnd))
      .subscribe((e) => {
        const path = e.urlAfterRedirects.split(/[?#]/)[0]!;
        const previous = this.lastPath;
        this.lastPath = path;
        if (previous !== null && previous !== path) this.focusHeadingSoon();
      });
  }

  /** Focuses the page's main heading (or the main region) now; used by the skip link too. */
  focusMain(): void {
    const target = this.heading() ?? this.document.getElementById('main');
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }

  private heading(): HTMLElement | null {
    return this.document.querySelector<HTMLElement>('main h1');
  }

  private focusHeadingSoon(frames = 0): void {
    const view = this.document.defaultView;
    if (!view) return;
    view.requestAnimationFrame(() => {
      // Someone already moved focus into the page (an autofocus field, a dialog): leave it there.
      const active = this.document.activeElement;
      const main = this.document.getElementById('main');
      if (active && main?.contains(active) && active !== main) return;
      const heading = this.heading();
      if (heading) {
        if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
      } else if (frames < MAX_FRAMES) this.focusHeadingSoon(frames + 1);
    });
  }
}
