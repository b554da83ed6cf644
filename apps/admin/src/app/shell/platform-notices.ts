import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { NoticeList, NoticeView } from '#contracts';
import { formatDateTime } from '../ui/format';
import { problemDetail } from '../ui/problem';

/**
 * The owner's "the platform entered your admin" notices, above every page of the business. Only the
 * business's own owners get a Dismiss button; an operator impersonating as owner sees the notice
 * (it is part of the owner's view) with no way to clear it, and the API refuses it anyway.
 */
@Component({
  selector: 'app-platform-notices',
  imports: [RouterLink],
  template: `
    @for (n of items(); track n.id) {
      <section class="alert alert-warning platform-notice" role="status" [attr.aria-label]="'Notice: ' + title(n)" data-testid="platform-notice">
        <div class="body">
          <strong>{{ title(n) }}</strong>
          <span>
            {{ n.facts.operator.name }} ({{ n.facts.operator.email }}) · {{ when(n) }}
            @if (n.facts.role) {
              · as {{ n.facts.role }}{{ n.facts.readOnly ? ', read-only' : '' }}
            }
            · Reason: {{ n.facts.reason ?? 'none given' }}
          </span>
          @if (n.accessLogPath) {
            <a [routerLink]="path(n)" [queryParams]="query(n)">See it in the access log</a>
          }
        </div>
        @if (n.canDismiss) {
          <button type="button" class="btn" (click)="dismiss(n)" [disabled]="busy() === n.id">Dismiss</button>
        } @else {
          <span class="muted small">Only the business's owners can dismiss this.</span>
        }
      </section>
    }
    @if (error(); as e) {
      <div class="alert alert-error" role="alert">{{ e }}</div>
    }
  `,
  styles: `
    .platform-notice {
      display: flex;
      gap: 12px;
      align-items: flex-start;
      justify-content: space-between;
      margin-bottom: 12px;
    }
    .body {
      display: flex;
      flex-direction: column;
      gap: 4px;
      overflow-wrap: anywhere;
    }
    /* The notice's own (dark) text colour: a brand-tinted link is contrast-checked on white, not on the amber notice. */
    .body a {
      color: inherit;
      text-decoration: underline;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PlatformNotices {
  private readonly http = inject(HttpClient);
  /** The business shown (slug); notices of other businesses are not shown here. */
  readonly slug = input.required<string>();
  /** The business's zone: the visit's time reads as the owner's own clock. */
  readonly timeZone = input<string | null>(null);
  protected readonly items = signal<NoticeView[]>([]);
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      const slug = this.slug();
      void this.load(slug);
    });
  }

  private async load(slug: string): Promise<void> {
    try {
      const list = await firstValueFrom(this.http.get<NoticeList>('/api/notifications'));
      this.items.set(list.items.filter((n) => n.business.slug === slug));
    } catch {
      this.items.set([]);
    }
  }

  protected title(n: NoticeView): string {
    if (n.kind === 'support_access.requested') return 'Platform support asks for access to your admin';
    return n.facts.breakGlass ? 'Platform support used emergency access to enter your admin' : 'Platform support entered your admin';
  }

  protected when(n: NoticeView): string {
    return formatDateTime(n.facts.at, 'datetime', { timeZone: this.timeZone(), zoneName: true });
  }

  protected path(n: NoticeView): string {
    return n.accessLogPath!.split('?')[0]!;
  }

  protected query(n: NoticeView): Record<string, string> {
    return Object.fromEntries(new URLSearchParams(n.accessLogPath!.split('?')[1] ?? ''));
  }

  protected async dismiss(n: NoticeView): Promise<void> {
    this.busy.set(n.id);
    this.error.set(null);
    try {
      await firstValueFrom(this.http.post(`/api/notifications/${n.id}/dismiss`, {}));
      this.items.update((items) => items.filter((i) => i.id !== n.id));
    } catch (err) {
      this.error.set(problemDetail(err));
    } finally {
      this.busy.set(null);
    }
  }
}
