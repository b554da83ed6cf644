import { DestroyRef, DOCUMENT, inject, Injectable } from '@angular/core';
import { Router } from '@angular/router';
import { LOGIN_PATH, OPERATOR_BUSINESSES, type ImpersonationView } from '#contracts';
import { AuthStore } from './auth-store';
import { businessSlugOf } from './business-context';
import { NoticeService } from './notice.service';
import { expiredMessage } from './expired-message';
import { problemCode } from '../ui/problem';

const CHANNEL = 'booking-admin-session';
const POLL_MS = 20_000;

/**
 * Keeps every open tab honest about the one server-side session. Impersonation lives on the
 * session, so exiting (or switching, or signing out) in one tab changes what every other tab is
 * allowed to show. Tabs announce their own changes on a BroadcastChannel; each tab also re-reads
 * GET /api/auth/me every 20 s while visible and whenever it regains focus, which catches expiry
 * and changes made where no channel reaches (another browser window of the same profile that
 * missed the message, a revoked session).
 */
@Injectable({ providedIn: 'root' })
export class SessionSync {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly notice = inject(NoticeService);
  private readonly document = inject(DOCUMENT);
  private channel: BroadcastChannel | null = null;
  private started = false;
  /** Bumped by this tab's own session changes, so a check that overlaps one does not misreport it. */
  private localVersion = 0;
  /** The impersonation whose end this tab has already explained. */
  private explained: string | null = null;

  /** Starts listening; idempotent. Stops with the injector that started it. */
  start(destroyRef: DestroyRef): void {
    if (this.started) return;
    this.started = true;
    const view = this.document.defaultView;
    if (!view) return;
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(CHANNEL);
      this.channel.onmessage = () => void this.check();
    }
    const onVisible = () => {
      if (this.document.visibilityState === 'visible') void this.check();
    };
    const onFocus = () => void this.check();
    this.document.addEventListener('visibilitychange', onVisible);
    view.addEventListener('focus', onFocus);
    const timer = view.setInterval(() => {
      if (this.document.visibilityState === 'visible') void this.check();
    }, POLL_MS);
    destroyRef.onDestroy(() => {
      this.document.removeEventListener('visibilitychange', onVisible);
      view.removeEventListener('focus', onFocus);
      view.clearInterval(timer);
      this.channel?.close();
      this.channel = null;
      this.started = false;
    });
  }

  /**
   * This tab has just been told why impersonation `id` ended (403 `impersonation_expired`) and says
   * so itself: no check, already under way or started by the requests that were still in flight
   * (403 `impersonation_required`), reports the same end again as "ended in another tab".
   */
  noteEnded(id: string | null): void {
    this.localVersion++;
    this.explained = id;
  }

  /** Tells the other tabs that this tab changed the session (after its own `refresh()`). */
  announce(): void {
    this.localVersion++;
    this.channel?.postMessage({ type: 'session-changed', at: Date.now() });
  }

  /**
   * Re-reads the session; when the business this tab shows is no longer reachable because an
   * impersonation ended or changed, leaves it for the operator's business list with a notice.
   */
  async check(): Promise<void> {
    const version = this.localVersion;
    const before = this.auth.impersonation();
    let me;
    try {
      me = await this.auth.refresh();
    } catch (err) {
      // The re-read itself ended the impersonation (a time limit, or the owner revoked support
      // access): say why, as a business page's own request would have, and leave the business.
      if (problemCode(err) === 'impersonation_expired') {
        this.noteEnded(before?.id ?? null);
        this.notice.show(expiredMessage(err), 'warning');
        await this.auth.refresh().catch(() => null);
        this.localVersion++;
        await this.router.navigateByUrl(OPERATOR_BUSINESSES);
      }
      return; // offline or server trouble: keep the state, try again on the next tick
    }
    if (version !== this.localVersion) return;
    if (!me) {
      if (!this.router.url.startsWith(LOGIN_PATH)) {
        this.notice.show('You were signed out.', 'info');
        await this.router.navigate([LOGIN_PATH]);
      }
      return;
    }
    const slug = businessSlugOf(this.router.parseUrl(this.router.url));
    if (!before || me.impersonation?.id === before.id || before.id === this.explained) return;
    if (!slug || slug !== before.business.slug || this.auth.businessContext(slug)) return;
    this.notice.show(endedMessage(before, me.impersonation), 'warning');
    await this.router.navigateByUrl(OPERATOR_BUSINESSES);
  }
}

function endedMessage(before: ImpersonationView, now: ImpersonationView | null): string {
  if (now) return `Impersonation of ${before.business.name} was switched to ${now.business.name} in another tab.`;
  const deadline = Math.min(Date.parse(before.expiresAt), Date.parse(before.idleExpiresAt));
  if (Date.now() >= deadline) return `Impersonation of ${before.business.name} expired.`;
  return `Impersonation of ${before.business.name} ended in another tab.`;
}
