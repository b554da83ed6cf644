import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" for rules that depend on time (session and impersonation expiry, "today"
 * in a business's zone). Tests replace it to move time without sleeping.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  /** Test hook: shift the clock forward (or back) by `ms`. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  reset(): void {
    this.offsetMs = 0;
  }
}
