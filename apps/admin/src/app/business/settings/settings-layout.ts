import { ChangeDetectionStrategy, Component } from '@angular/core';
import { injectBusinessContext } from '../../core/business-context';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

@Component({
  selector: 'app-settings-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, RouterOutlet],
  template: `
    <h1>Settings</h1>
    <nav class="tabs" aria-label="Settings sections">
      @for (tab of tabs; track tab.path) {
        <a [routerLink]="tab.path" routerLinkActive="active" ariaCurrentWhenActive="page">{{ tab.label }}</a>
      }
    </nav>
    @if (business.readOnly()) {
      <p class="read-only-note" role="note">Read-only impersonation: the settings are shown as the owner sees them but cannot be changed.</p>
    }
    <!-- A disabled fieldset disables every control of the routed tab natively, whatever the tab does. -->
    <fieldset class="tab-body" [disabled]="business.readOnly()">
      <router-outlet />
    </fieldset>
  `,
  styles: `
    :host { display: block; }
    h1 { font-size: 1.4rem; margin: 0 0 1rem; font-weight: 600; }
    .tabs { display: flex; gap: .25rem; border-bottom: 1px solid #e5e7eb; margin-bottom: 1.25rem; overflow-x: auto; }
    .tabs a { padding: .55rem .9rem; color: #4b5563; text-decoration: none; border-bottom: 2px solid transparent; margin-bottom: -1px; white-space: nowrap; font-size: .92rem; }
    .tabs a:hover { color: #111827; }
    .tab-body { border: 0; padding: 0; margin: 0; min-width: 0; }
    .read-only-note { margin: 0 0 1rem; padding: .6rem .8rem; border-radius: 6px; background: #fef3c7; color: #78350f; font-size: .9rem; }
    .tabs a.active { color: #111827; border-bottom-color: var(--accent, #2563eb); font-weight: 600; }
  `,
})
export class SettingsLayout {
  protected readonly business = injectBusinessContext();
  protected readonly tabs = [
    { path: 'general', label: 'General' },
    { path: 'branding', label: 'Branding' },
    { path: 'availability', label: 'Availability' },
    { path: 'services', label: 'Services' },
    { path: 'resources', label: 'Resources' },
    { path: 'booking', label: 'Online booking' },
    { path: 'team', label: 'Team' },
  ];
}
