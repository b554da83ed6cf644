import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { ResourceView } from '#contracts';
import { LIMITS } from '#contracts';
import { applyServerErrors, controlMessage, problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import { ResourceHoursForm, hoursSummary } from './resource-hours-form';
import { Loading } from '../../ui/loading';
import { EmptyState } from '../../ui/empty-state';
import { UiTable } from '../../ui/table';
import { ErrorAlert } from '../../ui/error-alert';

/** Resources: the chairs, rooms or practitioners a booking takes. Retire one by making it inactive. */
@Component({
  selector: 'app-resources-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, ResourceHoursForm, Loading, EmptyState, UiTable, ErrorAlert],
  template: `
    <h2>Resources</h2>
    <p class="muted small">
      Chairs, rooms or people that can be booked. An inactive resource keeps its bookings but takes no new ones. A resource works whenever the business is open
      unless it has hours of its own.
    </p>

    @if (!biz.readOnly()) {
      <form class="card card-body row add" [formGroup]="form" (ngSubmit)="save()" novalidate [attr.aria-busy]="saving()">
        <label class="field grow"
          ><span>{{ editingId() ? 'Name' : 'New resource name' }} *</span>
          <input class="input" formControlName="name" />
          @if (message(form.controls.name, 'Name'); as m) {
            <span class="field-error">{{ m }}</span>
          }
        </label>
        <label class="check"><input type="checkbox" formControlName="active" /> Active</label>
        <button type="submit" class="btn btn-primary" [disabled]="saving()">
          @if (saving()) {
            <span class="spinner" aria-hidden="true"></span> Saving…
          } @else {
            {{ editingId() ? 'Save resource' : 'Add resource' }}
          }
        </button>
        @if (editingId()) {
          <button class="btn" type="button" (click)="cancelEdit()">Cancel</button>
        }
      </form>
    }
    <ui-error-alert [message]="error()" />
    @if (note()) {
      <div class="alert alert-success" role="status">{{ note() }}</div>
    }
    @if (hoursResource(); as r) {
      <!-- Above the table, not inside it: the table scrolls sideways on a phone, a form must not. -->
      @if (biz.id(); as id) {
        <section class="card card-body hours-card">
          <app-resource-hours-form [businessId]="id" [resource]="r" [timeZone]="biz.timeZone()" (saved)="hoursSaved($event)" (closed)="hoursOf.set(null)" />
        </section>
      }
    }

    @if (resources.isLoading() && !resources.hasValue()) {
      <ui-loading>Loading resources…</ui-loading>
    } @else if (resources.error(); as err) {
      <ui-error-alert prefix="Could not load resources:" [message]="problemDetail(err)" [retryable]="true" (retry)="resources.reload()" />
    } @else if ((resources.value() ?? []).length === 0) {
      <ui-empty-state class="card" title="No resources yet.">Add at least one before taking bookings.</ui-empty-state>
    } @else {
      <ui-table class="card" label="Resources">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Working hours</th>
            <th scope="col">Status</th>
            <th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          @for (r of resources.value(); track r.id) {
            <tr [class.inactive]="!r.active" [class.editing]="hoursOf() === r.id">
              <td>{{ r.name }}</td>
              <td class="hours">{{ hours(r.workingHours) }}</td>
              <td>{{ r.active ? 'Active' : 'Inactive' }}</td>
              <td class="right">
                @if (!biz.readOnly()) {
                  <button
                    class="btn btn-sm"
                    type="button"
                    (click)="hoursOf.set(r.id)"
                    [attr.aria-label]="'Working hours of ' + r.name"
                    [disabled]="hoursOf() !== null"
                  >
                    Hours
                  </button>
                  <button class="btn btn-sm" type="button" (click)="edit(r)" [attr.aria-label]="'Edit resource ' + r.name">Edit</button>
                  <button
                    class="btn btn-sm"
                    type="button"
                    (click)="toggle(r)"
                    [disabled]="saving()"
                    [attr.aria-label]="(r.active ? 'Deactivate resource ' : 'Activate resource ') + r.name"
                  >
                    {{ r.active ? 'Deactivate' : 'Activate' }}
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
    .right {
      text-align: right;
      white-space: nowrap;
    }
    .right button + button {
      margin-left: 0.4rem;
    }
    tr.inactive td {
      color: var(--text-3);
    }
    td.hours {
      max-width: 22rem;
    }
    tr.editing td {
      background: var(--accent-soft);
    }
  `,
})
export class ResourcesSettingsPage {
  private readonly api = inject(BusinessApi);
  protected readonly biz = injectBusinessContext();
  protected readonly resources = rxResource({ params: () => this.biz.id() ?? undefined, stream: ({ params }) => this.api.resources(params) });
  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(LIMITS.name.max)] }),
    active: new FormControl(true, { nonNullable: true }),
  });
  protected readonly editingId = signal<string | null>(null);
  /** The resource whose working hours are being edited. */
  protected readonly hoursOf = signal<string | null>(null);
  protected readonly hours = hoursSummary;
  protected readonly hoursResource = computed(() => (this.resources.value() ?? []).find((r) => r.id === this.hoursOf()) ?? null);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly note = signal<string | null>(null);
  protected readonly message = controlMessage;
  protected readonly problemDetail = problemDetail;

  protected hoursSaved(r: ResourceView): void {
    this.hoursOf.set(null);
    this.error.set(null);
    this.note.set(`Working hours of ${r.name} saved: ${hoursSummary(r.workingHours)}.`);
    this.resources.reload();
  }

  protected edit(r: ResourceView): void {
    this.editingId.set(r.id);
    this.form.reset({ name: r.name, active: r.active });
  }
  protected cancelEdit(): void {
    this.editingId.set(null);
    this.form.reset({ name: '', active: true });
  }

  protected save(): void {
    this.error.set(null);
    this.note.set(null);
    const id = this.biz.id();
    if (!id) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const editing = this.editingId();
    this.saving.set(true);
    (editing
      ? this.api.updateResource(id, editing, { name: v.name.trim(), active: v.active })
      : this.api.createResource(id, { name: v.name.trim(), active: v.active })
    ).subscribe({
      next: () => {
        this.saving.set(false);
        this.note.set(editing ? 'Resource saved.' : 'Resource added.');
        this.cancelEdit();
        this.resources.reload();
      },
      error: (err: unknown) => {
        this.saving.set(false);
        const leftover = applyServerErrors(this.form, err);
        this.error.set(leftover.length ? `${problemDetail(err)} ${leftover.join(' ')}` : problemDetail(err));
      },
    });
  }

  protected toggle(r: ResourceView): void {
    const id = this.biz.id();
    if (!id) return;
    this.error.set(null);
    this.saving.set(true);
    this.api.updateResource(id, r.id, { active: !r.active }).subscribe({
      next: () => {
        this.saving.set(false);
        this.note.set(`${r.name} is now ${r.active ? 'inactive' : 'active'}.`);
        this.resources.reload();
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.error.set(problemDetail(err));
      },
    });
  }
}
