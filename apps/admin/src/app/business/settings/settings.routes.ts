import type { Routes } from '@angular/router';

/** Owner-only settings tabs (the owner guard sits on the parent `settings` route). */
export const SETTINGS_ROUTES: Routes = [
  {
    path: '',
    loadComponent: () => import('./settings-layout').then((m) => m.SettingsLayout),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'general' },
      { path: 'general', title: 'Settings · General', loadComponent: () => import('./general-settings').then((m) => m.GeneralSettingsPage) },
      { path: 'branding', title: 'Settings · Branding', loadComponent: () => import('./branding-settings').then((m) => m.BrandingSettingsPage) },
      {
        path: 'availability',
        title: 'Settings · Availability',
        loadComponent: () => import('./availability-settings').then((m) => m.AvailabilitySettingsPage),
      },
      { path: 'services', title: 'Settings · Services', loadComponent: () => import('./services-settings').then((m) => m.ServicesSettingsPage) },
      { path: 'resources', title: 'Settings · Resources', loadComponent: () => import('./resources-settings').then((m) => m.ResourcesSettingsPage) },
      { path: 'booking', title: 'Settings · Online booking', loadComponent: () => import('./booking-settings').then((m) => m.BookingSettingsPage) },
      { path: 'team', title: 'Settings · Team', loadComponent: () => import('./team-settings').then((m) => m.TeamSettingsPage) },
      {
        path: 'support-access',
        title: 'Settings · Support access',
        loadComponent: () => import('./support-access-settings').then((m) => m.SupportAccessSettingsPage),
      },
      { path: '**', redirectTo: 'general' },
    ],
  },
];
