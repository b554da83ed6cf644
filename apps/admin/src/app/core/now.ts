import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { AuthStore } from './auth-store';

/**
 * The current time as a signal for countdowns: ticks every second while an impersonation is
 * within a few minutes of its end (the pill counts seconds then), every 15 s otherwise, and not
 * at all when there is nothing to count down.
 */
@Injectable({ providedIn: 'root' })
export class Now {
  private readonly auth = inject(AuthStore);
  private readonly now = signal(Date.now());
  readonly value = this.now.asReadonly();
  private timer: ReturnType<typeof setTimeout> | null = null;

  private readonly deadline = computed(() => {
    const imp = this.auth.impersonation();
    return imp ? Math.min(Date.parse(imp.expiresAt), Date.parse(imp.idleExpiresAt)) : null;
  });

  constructor() {
    const tick = () => {
      this.now.set(Date.now());
      const deadline = this.deadline();
      const near = deadline !== null && deadline - Date.now() < 6 * 60_000;
      this.timer = setTimeout(tick, near ? 1_000 : 15_000);
    };
    tick();
    inject(DestroyRef).onDestroy(() => {
      if (this.timer) clearTimeout(this.timer);
    });
  }
}
