import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { A11yModule } from '@angular/cdk/a11y';
import { CdkConnectedOverlay, CdkOverlayOrigin, type ConnectedPosition } from '@angular/cdk/overlay';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { firstValueFrom, Subject, debounceTime, distinctUntilChanged } from 'rxjs';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { LIMITS, SLUG_PATTERN, type BusinessRole, type BusinessStatus, type OperatorBusinessView } from '#contracts';
import { Api, type BusinessListQuery } from '../../core/api';
import { problemDetail, problemFieldErrors } from '../../ui/problem';
import { SessionActions } from '../../core/session-actions';
import { NoticeService } from '../../core/notice.service';
import { formatDateTime } from '../../ui/format';
import { BusinessDirectory } from '../business-directory';
import { EmptyState } from '../../ui/empty-state';
import { ErrorAlert } from '../../ui/error-alert';
import { FilterBar } from '../../ui/filter-bar';
import { keysetList } from '../../ui/keyset-list';
import { Loading } from '../../ui/loading';
import { Pager } from '../../ui/pager';
import { StatusBadge } from '../../ui/status-badge';
import { UiTable } from '../../ui/table';

/** A slug suggestion from a business name: "Acme Hair & Beauty" → "acme-hair-beauty". */
export function suggestSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
}

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

type Panel = { kind: 'create' } | { kind: 'edit'; business: OperatorBusinessView } | { kind: 'request'; business: OperatorBusinessView } | null;

/** Whether the eye can enter the business now: not while its owners keep support access closed (SUPPORT_ACCESS=granted). */
export function accessClosed(business: OperatorBusinessView): boolean {
  return business.supportAccess.state === 'closed';
}

@Component({
  selector: 'app-businesses-page',
  imports: [ReactiveFormsModule, CdkConnectedOverlay, CdkOverlayOrigin, A11yModule, EmptyState, ErrorAlert, FilterBar, Loading, Pager, StatusBadge, UiTable],
  templateUrl: './businesses-page.html',
  styleUrl: './businesses-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BusinessesPage {
  private readonly api = inject(Api);
  private readonly actions = inject(SessionActions);
  private readonly directory = inject(BusinessDirectory);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly notice = inject(NoticeService);

  protected readonly q = signal('');
  protected readonly status = signal<BusinessStatus | ''>('');
  private readonly search$ = new Subject<string>();
  protected readonly list = keysetList<BusinessListQuery, OperatorBusinessView>({
    params: () => ({ q: this.q().trim(), status: this.status() }),
    load: (query, page) => this.api.listBusinesses({ ...query, ...page }),
  });

  /**
   * Every zone the browser knows, with the form's default always among them: Chromium's list leaves
   * out `UTC` (and a machine set to UTC reports exactly that), which would leave the select blank
   * while the form silently holds UTC.
   */
  protected readonly timeZones: readonly string[] = (() => {
    let zones: string[];
    try {
      zones = [...Intl.supportedValuesOf('timeZone')];
    } catch {
      zones = [];
    }
    const fallback = browserTimeZone();
    return zones.includes(fallback) ? zones : [fallback, ...zones];
  })();

  // Create / edit panel
  protected readonly panel = signal<Panel>(null);
  protected readonly saving = signal(false);
  protected readonly panelError = signal<string | null>(null);
  protected readonly fieldErrors = signal<Record<string, string>>({});
  /** After creating: who was invited where (the owner chooses their own password from the e-mail). */
  protected readonly created = signal<{ business: string; owner: string; email: string } | null>(null);
  private slugEdited = false;
  protected readonly createForm = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(LIMITS.name.max)]],
    slug: ['', [Validators.required, Validators.pattern(SLUG_PATTERN)]],
    timeZone: [browserTimeZone(), Validators.required],
    ownerName: ['', [Validators.required, Validators.maxLength(LIMITS.name.max)]],
    ownerEmail: ['', [Validators.required, Validators.email]],
  });
  protected readonly editForm = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(LIMITS.name.max)]],
    slug: ['', [Validators.required, Validators.pattern(SLUG_PATTERN)]],
    status: ['active' as BusinessStatus, Validators.required],
  });

  // Impersonation options popover
  protected readonly optionsFor = signal<string | null>(null);
  protected readonly startingFor = signal<string | null>(null);
  protected readonly rowError = signal<{ id: string; message: string } | null>(null);
  protected readonly optionsForm = this.fb.group({
    role: ['owner' as BusinessRole],
    readOnly: [false],
    reason: ['', Validators.maxLength(LIMITS.reason.max)],
    breakGlass: [false],
  });
  protected readonly requestForm = this.fb.group({ reason: ['', [Validators.required, Validators.maxLength(LIMITS.reason.max)]] });
  protected readonly accessClosed = accessClosed;

  constructor() {
    this.search$.pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(inject(DestroyRef))).subscribe((q) => this.q.set(q));
  }

  protected onSearch(value: string): void {
    this.search$.next(value);
  }

  protected onStatus(value: string): void {
    this.status.set(value === 'active' || value === 'suspended' ? value : '');
  }

  // Impersonation

  /** The eye: impersonate as owner, full access, and land on the business dashboard. */
  protected impersonate(business: OperatorBusinessView): Promise<void> {
    return this.start(business, { businessId: business.id, entryPoint: 'business_list' });
  }

  /** Below the chevron, right-aligned; above it when there is no room below (a phone's last row). */
  protected readonly optionsPositions: ConnectedPosition[] = [
    { originX: 'end', originY: 'bottom', overlayX: 'end', overlayY: 'top', offsetY: 6 },
    { originX: 'end', originY: 'top', overlayX: 'end', overlayY: 'bottom', offsetY: -6 },
  ];

  protected toggleOptions(business: OperatorBusinessView): void {
    if (this.optionsFor() === business.id) {
      this.optionsFor.set(null);
      return;
    }
    this.optionsForm.reset({ role: 'owner', readOnly: false, reason: '', breakGlass: false });
    this.optionsFor.set(business.id);
  }

  protected startWithOptions(business: OperatorBusinessView): Promise<void> {
    const { role, readOnly, reason, breakGlass } = this.optionsForm.getRawValue();
    const emergency = accessClosed(business) && breakGlass;
    if (emergency && !reason.trim()) {
      this.rowError.set({ id: business.id, message: 'An emergency entry needs a reason: the owners are told at once and read it.' });
      return Promise.resolve();
    }
    return this.start(business, {
      businessId: business.id,
      role,
      readOnly,
      reason: reason.trim() || undefined,
      ...(emergency ? { breakGlass: true } : {}),
      entryPoint: 'business_list',
    });
  }

  private async start(business: OperatorBusinessView, request: Parameters<SessionActions['startImpersonation']>[0]): Promise<void> {
    if (this.startingFor()) return;
    this.startingFor.set(business.id);
    this.rowError.set(null);
    try {
      await this.actions.startImpersonation(request);
    } catch (err) {
      this.rowError.set({ id: business.id, message: problemDetail(err, 'Could not start the impersonation.') });
    } finally {
      this.startingFor.set(null);
    }
  }

  /** Closes the options; a click on the chevron itself is left to its own toggle. */
  protected closeOptions(event?: MouseEvent, origin?: HTMLElement): void {
    if (event && origin && event.target instanceof Node && origin.contains(event.target)) return;
    this.optionsFor.set(null);
  }

  /** Escape closes the options and gives focus back to the chevron that opened them. */
  protected onOptionsKeydown(event: KeyboardEvent, origin: HTMLElement): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.optionsFor.set(null);
    origin.focus();
  }

  // Support access

  /** "Open", "Granted until Tue 2 Dec, 14:00 CET" or "Closed", in the business's own zone. */
  protected accessText(b: OperatorBusinessView): string {
    const a = b.supportAccess;
    if (a.state === 'granted') return `Granted until ${formatDateTime(a.grantedUntil, 'datetime', { timeZone: b.timeZone, zoneName: true })}`;
    return a.state === 'open' ? 'Open' : 'Closed';
  }

  protected requestedText(b: OperatorBusinessView): string {
    return b.supportAccess.lastRequestAt
      ? `Last requested ${formatDateTime(b.supportAccess.lastRequestAt, 'datetime', { timeZone: b.timeZone, zoneName: true })}`
      : '';
  }

  protected openRequest(business: OperatorBusinessView): void {
    this.requestForm.reset({ reason: '' });
    this.openPanel({ kind: 'request', business });
    // The panel sits above the list: bring it (and its one field) to the operator who asked for it.
    setTimeout(() => document.getElementById('access-request-reason')?.focus());
  }

  protected async submitRequest(business: OperatorBusinessView): Promise<void> {
    if (this.requestForm.invalid || !this.requestForm.controls.reason.value.trim()) {
      this.requestForm.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.panelError.set(null);
    try {
      await firstValueFrom(this.api.requestSupportAccess(business.id, { reason: this.requestForm.controls.reason.value.trim() }));
      this.panel.set(null);
      this.notice.show(`Access request sent to the owners of ${business.name}. They get a notice in their admin and an e-mail.`, 'info');
      this.list.refresh();
    } catch (err) {
      this.panelError.set(problemDetail(err, 'Sending the request failed.'));
    } finally {
      this.saving.set(false);
    }
  }

  // Create / edit

  protected openCreate(): void {
    this.slugEdited = false;
    this.createForm.reset({ timeZone: browserTimeZone() });
    this.openPanel({ kind: 'create' });
  }

  protected openEdit(business: OperatorBusinessView): void {
    this.editForm.reset({ name: business.name, slug: business.slug, status: business.status });
    this.openPanel({ kind: 'edit', business });
  }

  private openPanel(panel: Panel): void {
    this.panelError.set(null);
    this.fieldErrors.set({});
    this.panel.set(panel);
  }

  protected closePanel(): void {
    this.panel.set(null);
  }

  protected onCreateName(): void {
    if (!this.slugEdited) this.createForm.controls.slug.setValue(suggestSlug(this.createForm.controls.name.value));
  }

  protected onSlugInput(): void {
    this.slugEdited = this.createForm.controls.slug.value !== '';
  }

  protected invalid(form: 'create' | 'edit', control: string): boolean {
    const c = form === 'create' ? this.createForm.get(control) : this.editForm.get(control);
    return !!c && c.invalid && c.touched;
  }

  protected async submitCreate(): Promise<void> {
    if (this.createForm.invalid) {
      this.createForm.markAllAsTouched();
      return;
    }
    const v = this.createForm.getRawValue();
    const saved = await this.save(() =>
      firstValueFrom(
        this.api.createBusiness({
          name: v.name.trim(),
          slug: v.slug,
          timeZone: v.timeZone,
          owner: { name: v.ownerName.trim(), email: v.ownerEmail.trim() },
        }),
      ),
    );
    if (saved)
      this.created.set({
        business: saved.name,
        owner: saved.ownerInvitation?.name ?? v.ownerName.trim(),
        email: saved.ownerInvitation?.email ?? v.ownerEmail.trim(),
      });
  }

  protected async submitEdit(business: OperatorBusinessView): Promise<void> {
    if (this.editForm.invalid) {
      this.editForm.markAllAsTouched();
      return;
    }
    const v = this.editForm.getRawValue();
    const changes: { name?: string; slug?: string; status?: BusinessStatus } = {};
    if (v.name.trim() !== business.name) changes.name = v.name.trim();
    if (v.slug !== business.slug) changes.slug = v.slug;
    if (v.status !== business.status) changes.status = v.status;
    if (Object.keys(changes).length === 0) {
      this.closePanel();
      return;
    }
    await this.save(() => firstValueFrom(this.api.updateBusiness(business.id, changes)));
  }

  private async save(call: () => Promise<OperatorBusinessView>): Promise<OperatorBusinessView | null> {
    this.saving.set(true);
    this.panelError.set(null);
    this.fieldErrors.set({});
    this.created.set(null);
    try {
      const saved = await call();
      this.panel.set(null);
      void this.directory.reload();
      this.list.refresh();
      return saved;
    } catch (err) {
      this.panelError.set(problemDetail(err, 'Saving failed.'));
      this.fieldErrors.set(problemFieldErrors(err));
      return null;
    } finally {
      this.saving.set(false);
    }
  }
}
