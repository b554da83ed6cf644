import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { ResourceView, ServiceView } from '#contracts';
import { problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import { formatMoney } from '../../ui/format';
import { ServiceForm } from './service-form';
import { Loading } from '../../ui/loading';
import { EmptyState } from '../../ui/empty-state';
import { UiTable } from '../../ui/table';
import { ErrorAlert } from '../../ui/error-alert';

@Component({
  selector: 'app-services-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ServiceForm, Loading, EmptyState, UiTable, ErrorAlert],
  template: `
    <div class="page-header">
      <h2>Services</h2>
      @if (editing() === null && !biz.readOnly()) {
        <button type="button" class="btn btn-primary" (click)="editing.set('new')">New service</button>
      }
    </div>
    @if (editing() === 'new' && biz.id(); as id) {
      <section class="card card-body form-card" aria-label="New service">
        <app-service-form [businessId]="id" [resources]="resourceList()" (saved)="saved()" (closed)="editing.set(null)" />
      </section>
    } @else if (editedService(); as s) {
      <!-- Above the table, not inside it: the table scrolls sideways on a phone, a form must not. -->
      @if (biz.id(); as id) {
        <section class="card card-body form-card" [attr.aria-label]="'Edit service ' + s.name">
          <h3 class="first">Edit {{ s.name }}</h3>
          <app-service-form [businessId]="id" [service]="s" [resources]="resourceList()" (saved)="saved()" (closed)="editing.set(null)" />
        </section>
      }
    }
    @if (note()) {
      <div class="alert alert-success" role="status">{{ note() }}</div>
    }
    @if (services.isLoading() && !services.hasValue()) {
      <ui-loading>Loading services…</ui-loading>
    } @else if (services.error(); as err) {
      <ui-error-alert prefix="Could not load services:" [message]="problemDetail(err)" [retryable]="true" (retry)="services.reload()" />
    } @else if ((services.value() ?? []).length === 0) {
      <ui-empty-state class="card" title="No services yet.">Add what customers can book, with its duration and price.</ui-empty-state>
    } @else {
      <ui-table class="card" label="Services">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Duration</th>
            <th scope="col">Price</th>
            <th scope="col">Buffers</th>
            <th scope="col">Performed by</th>
            <th scope="col">Status</th>
            <th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          @for (s of services.value(); track s.id) {
            <tr [class.inactive]="!s.active" [class.editing]="editing() === s.id">
              <td>{{ s.name }}</td>
              <td>{{ s.durationMinutes }} min</td>
              <td>{{ money(s.priceCents, biz.currency()) }}</td>
              <td>{{ buffers(s) }}</td>
              <td>{{ performers(s) }}</td>
              <td>{{ s.active ? 'Active' : 'Inactive' }}</td>
              <td class="right">
                @if (!biz.readOnly()) {
                  <button
                    class="btn btn-sm"
                    type="button"
                    (click)="editing.set(s.id)"
                    [attr.aria-label]="'Edit service ' + s.name"
                    [disabled]="editing() !== null"
                  >
                    Edit
                  </button>
                }
              </td>
            </tr>
          }
        </tbody>
      </ui-table>
    }
  `,
  host: { class: 'stack' },
  styles: `
    .form-card h3 {
      font-size: 1rem;
      margin: 0 0 0.6rem;
    }
    .right {
      text-align: right;
    }
    tr.inactive td {
      color: var(--text-3);
    }
    tr.editing td {
      background: var(--accent-soft);
    }
  `,
})
export class ServicesSettingsPage {
  private readonly api = inject(BusinessApi);
  protected readonly biz = injectBusinessContext();
  protected readonly services = rxResource({ params: () => this.biz.id() ?? undefined, stream: ({ params }) => this.api.services(params) });
  protected readonly resources = rxResource({ params: () => this.biz.id() ?? undefined, stream: ({ params }) => this.api.resources(params) });
  protected readonly resourceList = computed<ResourceView[]>(() => this.resources.value() ?? []);
  protected readonly editing = signal<string | null>(null);
  protected readonly editedService = computed(() => (this.services.value() ?? []).find((s) => s.id === this.editing()) ?? null);
  protected readonly note = signal<string | null>(null);
  protected readonly money = formatMoney;
  protected readonly problemDetail = problemDetail;

  protected buffers(s: ServiceView): string {
    if (!s.bufferBeforeMinutes && !s.bufferAfterMinutes) return 'None';
    return [s.bufferBeforeMinutes ? `${s.bufferBeforeMinutes} min before` : '', s.bufferAfterMinutes ? `${s.bufferAfterMinutes} min after` : '']
      .filter(Boolean)
      .join(' · ');
  }

  protected performers(s: ServiceView): string {
    if (s.resourceIds.length === 0) return 'Any resource';
    const names = s.resourceIds.map((id) => this.resourceList().find((r) => r.id === id)?.name).filter((n): n is string => !!n);
    return names.length ? names.sort((a, b) => a.localeCompare(b)).join(', ') : `${s.resourceIds.length} resource${s.resourceIds.length === 1 ? '' : 's'}`;
  }

  protected saved(): void {
    this.note.set(this.editing() === 'new' ? 'Service created.' : 'Service saved.');
    this.editing.set(null);
    this.services.reload();
  }
}
