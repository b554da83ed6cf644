import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { ResourceView } from '#contracts';
import { applyServerErrors, controlMessage, problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import { ResourceHoursForm, hoursSummary } from './resource-hours-form';

/** Resources: the chairs, rooms or practitioners a booking takes. Retire one by making it inactive. */
@Component({
  selector: 'app-resources-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, ResourceHoursForm],
  template: `
    <h2 class="first">Resources</h2>
    <p class="muted small">Chairs, rooms or people that can be booked. An inactive resource keeps its bookings but takes no new ones. A resource works whenever the business is open unless it has hours of its own.</p>

    @if (!biz.readOnly()) {
      <form class="card row add" [formGroup]="form" (ngSubmit)="save()" novalidate [attr.aria-busy]="saving()">
        <label class="grow">{{ editingId() ? 'Name' : 'New resource name' }} *
          <input formControlName="name" />
          @if (message(form.controls.name, 'Name'); as m) { <span class="error">{{ m }}</span> }
        </label>
        <label class="field-inline"><input type="checkbox" formControlName="active" /> Active</label>
        <button type="submit" class="primary" [disabled]="saving()">
          @if (saving()) { <span class="spinner" aria-hidden="true"></span> Saving… } @else { {{ editingId() ? 'Save resource' : 'Add resource' }} }
        </button>
        @if (editingId()) { <button type="button" (click)="cancelEdit()">Cancel</button> }
      </form>
    }
    @if (error()) { <div class="alert alert-error" role="alert">{{ error() }}</div> }
    @if (note()) { <div class="alert alert-ok" role="status">{{ note() }}</div> }
    @if (hoursResource(); as r) {
      <!-- Above the table, not inside it: the table scrolls sideways on a phone, a form must not. -->
      @if (biz.id(); as id) {
        <section class="card hours-card">
          <app-resource-hours-form [businessId]="id" [resource]="r" [timeZone]="biz.timeZone()" (saved)="hoursSaved($event)" (closed)="hoursOf.set(null)" />
        </section>
      }
    }

    @if (resources.isLoading() && !resources.hasValue()) {
      <div class="loading" role="status"><span class="spinner" aria-hidden="true"></span> Loading resources…</div>
    } @else if (resources.error(); as err) {
      <div class="alert alert-error" role="alert">Could not load resources: {{ problemDetail(err) }} <button type="button" (click)="resources.reload()">Try again</button></div>
    } @else if ((resources.value() ?? []).length === 0) {
      <div class="empty"><strong>No resources yet.</strong> Add at least one before taking bookings.</div>
    } @else {
      <div class="table-wrap" tabindex="0" role="region" aria-label="Resources">
        <table>
          <thead><tr><th scope="col">Name</th><th scope="col">Working hours</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            @for (r of resources.value(); track r.id) {
              <tr [class.inactive]="!r.active" [class.editing]="hoursOf() === r.id">
                <td>{{ r.name }}</td>
                <td class="hours">{{ hours(r.workingHours) }}</td>
                <td>{{ r.active ? 'Active' : 'Inactive' }}</td>
                <td class="right">
                  @if (!biz.readOnly()) {
                    <button type="button" (click)="hoursOf.set(r.id)" [attr.aria-label]="'Working hours of ' + r.name" [disabled]="hoursOf() !== null">Hours</button>
                    <button type="button" (click)="edit(r)" [attr.aria-label]="'Edit resource ' + r.name">Edit</button>
                    <button type="button" (click)="toggle(r)" [disabled]="saving()" [attr.aria-label]="(r.active ? 'Deactivate resource ' : 'Activate resource ') + r.name">{{ r.active ? 'Deactivate' : 'Activate' }}</button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  styleUrl: '../ui/page.css',
  styles: `.add { margin-bottom: 1rem; } .right { text-align: right; white-space: nowrap; } .right button + button { margin-left: .4rem; } tr.inactive td { color: #5b6574; } td.hours { max-width: 22rem; } tr.editing td { background: #f6f8f2; } .hours-card { margin-bottom: 1rem; }`,
})
export class ResourcesSettingsPage {
  private readonly api = inject(BusinessApi);
  protected readonly biz = injectBusinessContext();
  protected readonly resources = rxResource({ params: () => this.biz.id() ?? undefined, stream: ({ params }) => this.api.resources(params) });
  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(200)] }),
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
    (editing ? this.api.updateResource(id, editing, { name: v.name.trim(), active: v.active }) : this.api.createResource(id, { name: v.name.trim(), active: v.active })).subscribe({
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
