import { ChangeDetectionStrategy, Component } from '@angular/core';
import { injectBusinessContext } from '../../core/business-context';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

@Component({
  selector: 'app-settings-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, RouterOutlet],
  template: `
    <section class="page">
      <header class="page-header"><h1>Settings</h1></header>
      <nav class="tabs" aria-label="Settings sections">
        @for (tab of tabs; track tab.path) {
          <a [routerLink]="tab.path" routerLinkActive="active" ariaCurrentWhenActive="page">{{ tab.label }}</a>
        }
      </nav>
      @if (business.readOnly()) {
        <p class="alert alert-warning" role="note">Read-only impersonation: the settings are shown as the owner sees them but cannot be changed.</p>
      }
      <!-- A disabled fieldset disables every control of the routed tab natively, whatever the tab does. -->
      <fieldset class="tab-body" [disabled]="business.readOnly()">
        <router-outlet />
      </fieldset>
    </section>
  `,
  styles: `
    .tabs {
      display: flex;
      gap: 4px;
      border-bottom: 1px solid var(--border);
      overflow-x: auto;
    }
    .tabs a {
      padding: 8px 14px;
      color: var(--text-2);
      text-decoration: none;
      border-bottom: 2px solid transparent;
      margin-bottom: -1px;
      white-space: nowrap;
    }
    .tabs a:hover {
      color: var(--text);
    }
    .tabs a.active {
      color: var(--text);
      border-bottom-color: var(--accent);
      font-weight: 600;
    }
    .tab-body {
      border: 0;
      padding: 0;
      margin: 0;
      min-width: 0;
    }
    .alert {
      margin: 0;
    }
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
    { path: 'support-access', label: 'Support access' },
  ];
}
