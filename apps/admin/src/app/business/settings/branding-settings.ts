import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { Observable } from 'rxjs';
import type { BrandingSettings } from '#contracts';
import { AuthStore } from '../../core/auth-store';
import { applyServerErrors, controlMessage, problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import { ErrorAlert } from '../../ui/error-alert';
import { Loading } from '../../ui/loading';

const HEX = /^#[0-9a-fA-F]{6}$/;
/** The server's limit (it checks again, by content): said here so a too-big file gets a plain answer at once. */
const LOGO_MAX_BYTES = 512 * 1024;
const LOGO_TYPES = 'image/png,image/jpeg,image/gif,image/webp';

@Component({
  selector: 'app-branding-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, ErrorAlert, Loading],
  template: `
    @if (loading()) {
      <ui-loading>Loading branding…</ui-loading>
    }
    @if (loadError()) {
      <ui-error-alert prefix="Could not load branding:" [message]="loadError()" [retryable]="true" (retry)="load()" />
    }
    <div class="layout" [hidden]="loading() || loadError()">
      <div class="stack">
        <form class="card card-body" [formGroup]="form" (ngSubmit)="save()" novalidate [attr.aria-busy]="saving()">
          <div class="field">
            <label for="brand-hex">Primary colour</label>
            <div class="row colour-row">
              <input type="color" aria-label="Pick the primary colour" [value]="safeColour()" (input)="pickColour($any($event.target).value)" />
              <input class="input" id="brand-hex" formControlName="primaryColor" placeholder="#2563eb" maxlength="7" />
            </div>
            @if (message(form.controls.primaryColor, 'Colour'); as m) {
              <span class="field-error">{{ m }}</span>
            } @else {
              <span class="muted small">A hex colour such as #2563eb. Leave empty for the default.</span>
            }
          </div>
          <ui-error-alert [message]="error()" />
          @if (done()) {
            <div class="alert alert-success" role="status">{{ done() }}</div>
          }
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" [disabled]="saving() || biz.readOnly()">
              @if (saving()) {
                <span class="spinner" aria-hidden="true"></span> Saving…
              } @else {
                Save colour
              }
            </button>
          </div>
        </form>

        <section class="card card-body logo-card" aria-labelledby="logo-heading" [attr.aria-busy]="logoBusy()">
          <h2 id="logo-heading" class="logo-heading">Logo</h2>
          <div class="logo-row">
            @if (logoUrl(); as src) {
              <img class="logo-current" [src]="src" alt="Current logo" width="64" height="64" />
            } @else {
              <span class="logo-current logo-none" aria-hidden="true">{{ initial() }}</span>
            }
            <div class="logo-actions">
              <label class="btn file-button" [class.disabled]="logoBusy() || biz.readOnly()">
                <input #file type="file" [accept]="logoTypes" (change)="chooseLogo(file)" [disabled]="logoBusy() || biz.readOnly()" />
                @if (logoBusy()) {
                  <span class="spinner" aria-hidden="true"></span> Uploading…
                } @else {
                  {{ logoUrl() ? 'Replace logo' : 'Upload logo' }}
                }
              </label>
              @if (logoUrl()) {
                <button type="button" class="btn" (click)="removeLogo()" [disabled]="logoBusy() || biz.readOnly()">Remove logo</button>
              }
            </div>
          </div>
          <span class="muted small"
            >PNG, JPEG, GIF or WebP, at most 512 kB; square looks best. It is stored and served by this platform: no outside address is ever linked.</span
          >
          <ui-error-alert [message]="logoError()" />
          @if (logoDone()) {
            <div class="alert alert-success" role="status">{{ logoDone() }}</div>
          }
        </section>
      </div>

      <section class="preview" aria-label="Preview" [style.--accent]="safeColour()">
        <div class="preview-bar">
          @if (logoUrl(); as src) {
            <img [src]="src" alt="" width="28" height="28" />
          } @else {
            <span class="logo-ph" aria-hidden="true">{{ initial() }}</span>
          }
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
    .layout {
      display: grid;
      grid-template-columns: minmax(280px, 1fr) minmax(240px, 320px);
      gap: 1.25rem;
      align-items: start;
    }
    @media (max-width: 800px) {
      .layout {
        grid-template-columns: 1fr;
      }
    }
    .colour-row {
      flex-wrap: nowrap;
      align-items: center;
    }
    input[type='color'] {
      width: 3rem;
      height: 2.3rem;
      padding: 0.15rem;
    }
    .logo-heading {
      font-size: 1rem;
      margin: 0 0 0.75rem;
    }
    .logo-row {
      display: flex;
      align-items: center;
      gap: 1rem;
      flex-wrap: wrap;
      margin-bottom: 0.5rem;
    }
    .logo-current {
      width: 64px;
      height: 64px;
      border-radius: 8px;
      border: 1px solid #e5e7eb;
      object-fit: contain;
      background: #fff;
    }
    .logo-none {
      display: grid;
      place-items: center;
      font-size: 1.5rem;
      font-weight: 700;
      color: #374151;
      background: #f3f4f6;
    }
    .logo-actions {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    .file-button {
      position: relative;
      cursor: pointer;
    }
    .file-button:focus-within {
      outline: 2px solid #2563eb;
      outline-offset: 2px;
    }
    .file-button.disabled {
      opacity: 0.6;
      cursor: not-allowed;
    }
    .file-button input {
      position: absolute;
      inset: 0;
      opacity: 0;
      cursor: inherit;
      width: 100%;
    }
    .preview {
      border: 1px solid #e5e7eb;
      border-radius: 8px;
      overflow: hidden;
      background: #fff;
    }
    .preview-bar {
      display: flex;
      align-items: center;
      gap: 0.6rem;
      padding: 0.7rem 1rem;
      background: var(--accent);
      color: #fff;
    }
    .preview-bar img {
      border-radius: 4px;
      background: #fff;
      object-fit: contain;
    }
    .logo-ph {
      width: 28px;
      height: 28px;
      border-radius: 4px;
      background: rgb(255 255 255 / 25%);
      display: grid;
      place-items: center;
      font-weight: 700;
    }
    .preview-body {
      padding: 1rem;
      display: flex;
      flex-direction: column;
      gap: 0.6rem;
      align-items: flex-start;
    }
  `,
})
export class BrandingSettingsPage implements OnInit {
  private readonly api = inject(BusinessApi);
  private readonly auth = inject(AuthStore);
  protected readonly biz = injectBusinessContext();
  protected readonly form = new FormGroup({
    primaryColor: new FormControl('', { nonNullable: true, validators: [Validators.pattern(HEX)] }),
  });
  private readonly value = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });
  protected readonly logoTypes = LOGO_TYPES;
  /** The served logo (our own origin), as the server last said. */
  protected readonly logoUrl = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly done = signal<string | null>(null);
  protected readonly logoBusy = signal(false);
  protected readonly logoError = signal<string | null>(null);
  protected readonly logoDone = signal<string | null>(null);
  protected readonly message = controlMessage;

  ngOnInit(): void {
    this.load();
  }

  protected safeColour(): string {
    const c = this.value().primaryColor ?? '';
    return HEX.test(c) ? c.toLowerCase() : '#2563eb';
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
        this.form.reset({ primaryColor: b.primaryColor ?? '' });
        this.logoUrl.set(b.logoUrl);
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
    // logoUrl left out: the logo stays as it is (it has its own upload and remove).
    this.api.saveBranding(id, { primaryColor: v.primaryColor.trim().toLowerCase() || null }).subscribe({
      next: () => {
        this.done.set('Colour saved.');
        this.form.markAsPristine();
        this.refreshShell(() => this.saving.set(false));
      },
      error: (err: unknown) => {
        this.saving.set(false);
        const leftover = applyServerErrors(this.form, err);
        this.error.set(leftover.length ? `${problemDetail(err)} ${leftover.join(' ')}` : problemDetail(err));
      },
    });
  }

  protected chooseLogo(input: HTMLInputElement): void {
    const file = input.files?.[0];
    input.value = ''; // choosing the same file again uploads it again
    if (!file) return;
    this.logoError.set(null);
    this.logoDone.set(null);
    if (file.size > LOGO_MAX_BYTES) {
      this.logoError.set(`That file is ${Math.ceil(file.size / 1024)} kB; a logo may be at most 512 kB.`);
      return;
    }
    const id = this.biz.id();
    if (!id) return;
    this.runLogo(this.api.uploadLogo(id, file), 'Logo uploaded.');
  }

  protected removeLogo(): void {
    const id = this.biz.id();
    if (!id) return;
    this.logoError.set(null);
    this.logoDone.set(null);
    this.runLogo(this.api.removeLogo(id), 'Logo removed; the initial is shown instead.');
  }

  private runLogo(request: Observable<BrandingSettings>, done: string): void {
    this.logoBusy.set(true);
    request.subscribe({
      next: (b) => {
        this.logoUrl.set(b.logoUrl);
        this.logoDone.set(done);
        this.refreshShell(() => this.logoBusy.set(false));
      },
      error: (err: unknown) => {
        this.logoBusy.set(false);
        this.logoError.set(problemDetail(err));
      },
    });
  }

  /** The shell re-brands from the auth state, never from a hand-patched copy. */
  private refreshShell(then: () => void): void {
    this.auth
      .refresh()
      .catch(() => undefined)
      .finally(then);
  }
}
