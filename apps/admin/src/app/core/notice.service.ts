import { Injectable, signal } from '@angular/core';

export type NoticeKind = 'info' | 'warning' | 'error';
export interface Notice {
  message: string;
  kind: NoticeKind;
}

/**
 * One app-wide explanation banner, shown by the shell above the page (e.g. "Impersonation ended in
 * another tab"). It survives the navigation that usually follows it and is dismissed by the user
 * or replaced by the next notice.
 */
@Injectable({ providedIn: 'root' })
export class NoticeService {
  private readonly current = signal<Notice | null>(null);
  readonly notice = this.current.asReadonly();

  show(message: string, kind: NoticeKind = 'info'): void {
    this.current.set({ message, kind });
  }

  dismiss(): void {
    this.current.set(null);
  }
}
