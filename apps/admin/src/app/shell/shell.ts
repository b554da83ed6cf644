import { CdkMenu, CdkMenuItem, CdkMenuTrigger } from '@angular/cdk/menu';
import type { ConnectedPosition } from '@angular/cdk/overlay';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter } from 'rxjs';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { PageFocus } from '../core/page-focus';
import { foregroundOn, isHexColour, textColourFor, tint } from '../core/brand-colours';
import { businessPath } from '#contracts';
import { AuthStore } from '../core/auth-store';
import { BusinessContextService } from '../core/business-context';
import { NoticeService } from '../core/notice.service';
import { problemDetail } from '../ui/problem';
import { SessionActions } from '../core/session-actions';
import { SessionSync } from '../core/session-sync';
import { ImpersonationPill } from './impersonation-pill';
import { PlatformNotices } from './platform-notices';
import { ImpersonationTimeWarning } from './impersonation-time-warning';

interface NavItem {
  label: string;
  link: string;
  icon: keyof typeof ICONS;
}

/** 24×24 stroke icons, one path each. */
const ICONS = {
  dashboard: 'M4 13h6V4H4v9Zm10 7h6v-9h-6v9ZM4 20h6v-4H4v4Zm10-16v4h6V4h-6Z',
  businesses: 'M3 21h18M5 21V7l7-4 7 4v14M9 21v-5h6v5M9 10h.01M15 10h.01',
  bookings: 'M8 3v3m8-3v3M4 9h16M5 5h14a1 1 0 0 1 1 1v13a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1Zm4 9 2 2 4-4',
  audit: 'M9 4h6l1 2h3v15H5V6h3l1-2Zm-1 8h8M8 16h5',
  calendar: 'M8 3v3m8-3v3M4 9h16M5 5h14a1 1 0 0 1 1 1v13a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1Z',
  customers: 'M16 19v-1a4 4 0 0 0-4-4H7a4 4 0 0 0-4 4v1M9.5 10a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7ZM21 19v-1a4 4 0 0 0-3-3.9M16 3.1a3.5 3.5 0 0 1 0 6.8',
  settings:
    'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm7.4-3a7.4 7.4 0 0 0-.1-1.2l2-1.6-2-3.4-2.4 1a7.6 7.6 0 0 0-2-1.2L14.5 3h-4l-.4 2.6a7.6 7.6 0 0 0-2 1.2l-2.4-1-2 3.4 2 1.6a7.4 7.4 0 0 0 0 2.4l-2 1.6 2 3.4 2.4-1a7.6 7.6 0 0 0 2 1.2l.4 2.6h4l.4-2.6a7.6 7.6 0 0 0 2-1.2l2.4 1 2-3.4-2-1.6c.1-.4.1-.8.1-1.2Z',
  accessLog: 'M12 3 4 6v6c0 4.5 3.4 8.3 8 9 4.6-.7 8-4.5 8-9V6l-8-3Zm-3 9 2 2 4-4',
  outbox: 'M4 6h16v12H4V6Zm0 0 8 7 8-7',
} as const;

/**
 * The signed-in chrome: top bar (brand, impersonation pill, profile menu with the real person's
 * name), a sidebar for the current context (operator or one business, branded), and the page.
 */
@Component({
  selector: 'app-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, ImpersonationPill, ImpersonationTimeWarning, PlatformNotices, CdkMenu, CdkMenuItem, CdkMenuTrigger],
  templateUrl: './shell.html',
  styleUrl: './shell.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[style.--accent]': 'accent()',
    '[style.--accent-contrast]': 'accentContrast()',
    '[style.--accent-text]': 'accentText()',
    '[style.--accent-soft]': 'accentSoft()',
  },
})
export class Shell {
  private readonly auth = inject(AuthStore);
  private readonly businessContext = inject(BusinessContextService);
  private readonly actions = inject(SessionActions);
  protected readonly notices = inject(NoticeService);

  protected readonly icons = ICONS;
  protected readonly user = this.auth.user;
  protected readonly context = this.businessContext.context;
  /** The profile menu opens below the button, right-aligned, so it never runs off a phone's edge. */
  protected readonly menuPositions: ConnectedPosition[] = [{ originX: 'end', originY: 'bottom', overlayX: 'end', overlayY: 'top', offsetY: 6 }];
  /** The navigation drawer on narrow screens (on wide ones the sidebar is always shown). */
  protected readonly navOpen = signal(false);
  protected readonly signingOut = signal(false);

  protected readonly initials = computed(() =>
    (this.user()?.name ?? '?')
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]!.toUpperCase())
      .join(''),
  );

  /** Only plain hex colours from branding; anything else keeps the default accent. */
  protected readonly accent = computed(() => {
    const colour = this.context()?.business.primaryColor;
    return isHexColour(colour) ? colour : null;
  });
  /** Text on the brand colour, and the brand colour as text: both WCAG AA whatever the colour. */
  protected readonly accentContrast = computed(() => {
    const accent = this.accent();
    return accent ? foregroundOn(accent) : null;
  });
  protected readonly accentText = computed(() => {
    const accent = this.accent();
    return accent ? textColourFor(accent) : null;
  });
  protected readonly accentSoft = computed(() => {
    const accent = this.accent();
    return accent ? tint(accent, 0.88) : null;
  });
  /** A logo that fails to load (moved, deleted, blocked) falls back to the initial tile. */
  protected readonly failedLogo = signal<string | null>(null);

  protected readonly nav = computed<NavItem[]>(() => {
    const ctx = this.context();
    if (ctx) {
      const base = (...rest: string[]) => businessPath(ctx.business.slug, ...rest);
      const items: NavItem[] = [
        { label: 'Dashboard', link: base('dashboard'), icon: 'dashboard' },
        { label: 'Calendar', link: base('calendar'), icon: 'calendar' },
        { label: 'Bookings', link: base('bookings'), icon: 'bookings' },
        { label: 'Customers', link: base('customers'), icon: 'customers' },
      ];
      if (ctx.role === 'owner') {
        items.push({ label: 'Settings', link: base('settings'), icon: 'settings' });
        items.push({ label: 'Access log', link: base('access-log'), icon: 'accessLog' });
      }
      return items;
    }
    if (this.auth.isOperator() && !this.auth.isImpersonating()) {
      return [
        { label: 'Dashboard', link: '/operator/dashboard', icon: 'dashboard' },
        { label: 'Businesses', link: '/operator/businesses', icon: 'businesses' },
        { label: 'All bookings', link: '/operator/bookings', icon: 'bookings' },
        { label: 'Audit', link: '/operator/audit', icon: 'audit' },
        { label: 'Outbox', link: '/operator/outbox', icon: 'outbox' },
      ];
    }
    return [];
  });

  /** Other memberships, for a business user who belongs to more than one business. */
  protected readonly otherBusinesses = computed(() => {
    const current = this.context()?.business.slug;
    const me = this.auth.me();
    if (!me || me.impersonation) return [];
    return me.memberships.filter((m) => m.business.slug !== current);
  });

  private readonly pageFocus = inject(PageFocus);

  constructor() {
    inject(SessionSync).start(inject(DestroyRef));
    inject(Router)
      .events.pipe(
        filter((e) => e instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.navOpen.set(false));
  }

  protected skipToContent(event: Event): void {
    event.preventDefault();
    this.pageFocus.focusMain();
  }

  protected async signOut(): Promise<void> {
    if (this.signingOut()) return;
    this.signingOut.set(true);
    try {
      await this.actions.signOut();
    } catch (err) {
      this.notices.show(problemDetail(err, 'Signing out failed. Please try again.'), 'error');
    } finally {
      this.signingOut.set(false);
    }
  }

  protected businessLink(slug: string): string {
    return businessPath(slug, 'dashboard');
  }
}
