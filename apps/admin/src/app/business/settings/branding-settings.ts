import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { AuthStore } from '../../core/auth-store';
import { applyServerErrors, controlMessage, problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import { ErrorAlert } from '../../ui/error-alert';
import { Loading } from '../../ui/loading';

const HEX = /^#[0-9a-fA-F]{6}$/;
const URL_PATTERN = /^https:\/\/\S+$/;

@Component({
  selector: 'app-branding-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, ErrorAlert, Loading],
  template: `
    @if (loading()) { <ui-loading>Loading branding…</ui-loading> }
    @if (loadError()) { <ui-error-alert prefix="Could not load branding:" [message]="loadError()" [retryable]="true" (retry)="load()" /> }
    <div class="layout" [hidden]="loading() || loadError()">
      <form class="card card-body" [formGroup]="form" (ngSubmit)="save()" novalidate [attr.aria-busy]="saving()">
        <div class="field">
          <label for="brand-hex">Primary colour</label>
          <div class="row colour-row">
            <input type="color" aria-label="Pick the primary colour" [value]="safeColour()" (input)="pickColour($any($event.target).value)" />
            <input class="input" id="brand-hex" formControlName="primaryColor" placeholder="#2563eb" maxlength="7" />
          </div>
          @if (message(form.controls.primaryColor, 'Colour'); as m) { <span class="field-error">{{ m }}</span> }
          @else { <span class="muted small">A hex colour such as #2563eb. Leave empty for the default.</span> }
        </div>
        <label class="field logo"><span>Logo URL</span>
          <input class="input" formControlName="logoUrl" type="url" placeholder="https://…" />
          @if (message(form.controls.logoUrl, 'Logo URL'); as m) { <span class="field-error">{{ m }}</span> }
          @else { <span class="muted small">An https:// address of a square image.</span> }
        </label>
        <ui-error-alert [message]="error()" />
        @if (done()) { <div class="alert alert-success" role="status">{{ done() }}</div> }
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" [disabled]="saving() || biz.readOnly()">
            @if (saving()) { <span class="spinner" aria-hidden="true"></span> Saving… } @else { Save branding }
          </button>
        </div>
      </form>

      <section class="preview" aria-label="Preview" [style.--accent]="safeColour()">
        <div class="preview-bar">
          @if (previewLogo(); as src) { <img [src]="src" alt="" width="28" height="28" /> } @else { <span class="logo-ph" aria-hidden="true">{{ initial() }}</span> }
          <strong>{{ biz.name() }}</strong>
        </div>
        <div class="preview-body">
          <p class="muted small">Preview</p>
          <button type="button" class="btn btn-primary" tabindex="-1">Primary button</button>
          <a href="javascript:void 0" tabindex="-1">A link</a>
        </div>
      </section>
    </div>
  `,
  host: { class: 'stack' },
  styles: `
    .layout { display: grid; grid-template-columns: minmax(280px, 1fr) minmax(240px, 320px); gap: 1.25rem; align-items: start; }
    @media (max-width: 800px) { .layout { grid-template-columns: 1fr; } }
    .colour-row { flex-wrap: nowrap; align-items: center; }
    input[type=color] { width: 3rem; height: 2.3rem; padding: .15rem; }
    .preview { border: 1px solid #e5e7eb; border-radius: 8px; overflow: hidden; background: #fff; }
    .preview-bar { display: flex; align-items: center; gap: .6rem; padding: .7rem 1rem; background: var(--accent); color: #fff; }
    .preview-bar img { border-radius: 4px; background: #fff; object-fit: contain; }
    .logo-ph { width: 28px; height: 28px; border-radius: 4px; background: rgb(255 255 255 / 25%); display: grid; place-items: center; font-weight: 700; }
    .preview-body { padding: 1rem; display: flex; flex-direction: column; gap: .6rem; align-items: flex-start; }
  `,
})
export class BrandingSettingsPage implements OnInit {
  private readonly api = inject(BusinessApi);
  private readonly auth = inject(AuthStore);
  protected readonly biz = injectBusinessContext();
  protected readonly form = new FormGroup({
    primaryColor: new FormControl('', { nonNullable: true, validators: [Validators.pattern(HEX)] }),
    logoUrl: new FormControl('', { nonNullable: true, validators: [Validators.pattern(URL_PATTERN), Validators.maxLength(2048)] }),
  });
  private readonly value = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly done = signal<string | null>(null);
  protected readonly message = controlMessage;

  ngOnInit(): void {
    this.load();
  }

  protected safeColour(): string {
    const c = this.value().primaryColor ?? '';
    return HEX.test(c) ? c.toLowerCase() : '#2563eb';
  }
  protected previewLogo(): string | null {
    const u = this.value().logoUrl ?? '';
    return URL_PATTERN.test(u) ? u : null;
  }
  protected initial(): string {
    return (this.biz.name() || '?').slice(0, 1).toUpperCase();
  }
  protected pickColour(hex: string): void {
    this.form.controls.primaryColor.setValue(hex);
    this.form.controls.primaryColor.markAsDirty();
  }

  protected load(): void {
    const id = this.biz.id();
    if (!id) return;
    this.loading.set(true);
    this.loadError.set(null);
    this.api.branding(id).subscribe({
      next: (b) => {
        this.form.reset({ primaryColor: b.primaryColor ?? '', logoUrl: b.logoUrl ?? '' });
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.loadError.set(problemDetail(err));
      },
    });
  }

  protected save(): void {
    this.error.set(null);
    this.done.set(null);
    const id = this.biz.id();
    if (!id) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.saving.set(true);
    this.api.saveBranding(id, { primaryColor: v.primaryColor.trim().toLowerCase() || null, logoUrl: v.logoUrl.trim() || null }).subscribe({
      next: () => {
        this.done.set('Branding saved.');
        this.form.markAsPristine();
        // The shell re-brands from the auth state, never from a hand-patched copy.
        this.auth
          .refresh()
          .catch(() => undefined)
          .finally(() => this.saving.set(false));
      },
      error: (err: unknown) => {
        this.saving.set(false);
        const leftover = applyServerErrors(this.form, err);
        this.error.set(leftover.length ? `${problemDetail(err)} ${leftover.join(' ')}` : problemDetail(err));
      },
    });
  }
}
