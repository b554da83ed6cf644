import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { OperatorBusinessView } from '#contracts';
import { Api } from '../core/api';

/**
 * The first 100 businesses by name, for filter selects and for the time zone of each business
 * (booking rows carry only id, slug and name). Loaded once per app session; `reload()` after
 * a create or an edit.
 */
@Injectable({ providedIn: 'root' })
export class BusinessDirectory {
  private readonly api = inject(Api);
  private loading: Promise<void> | null = null;
  readonly businesses = signal<OperatorBusinessView[]>([]);
  readonly timeZones = computed(() => new Map(this.businesses().map((b) => [b.id, b.timeZone])));

  load(): Promise<void> {
    this.loading ??= this.reload();
    return this.loading;
  }

  async reload(): Promise<void> {
    try {
      const page = await firstValueFrom(this.api.listBusinesses({ limit: 100 }));
      this.businesses.set(page.items);
    } catch {
      this.loading = null; // a select without options is still usable; try again next time
    }
  }

  timeZoneOf(businessId: string): string | null {
    return this.timeZones().get(businessId) ?? null;
  }
}
