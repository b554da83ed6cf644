import type { Routes } from '@angular/router';

/** Operator pages, each its own lazy chunk. `operatorGuard` on the parent keeps impersonators out. */
export const OPERATOR_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
  { path: 'dashboard', title: 'Dashboard', loadComponent: () => import('./dashboard/operator-dashboard-page').then((m) => m.OperatorDashboardPage) },
  { path: 'businesses', title: 'Businesses', loadComponent: () => import('./businesses/businesses-page').then((m) => m.BusinessesPage) },
  { path: 'bookings', title: 'All bookings', loadComponent: () => import('./bookings/all-bookings-page').then((m) => m.AllBookingsPage) },
  { path: 'outbox', title: 'Outbox', loadComponent: () => import('./outbox/outbox-page').then((m) => m.OutboxPage) },
  { path: 'audit', title: 'Audit', loadComponent: () => import('./audit/audit-page').then((m) => m.AuditPage) },
  { path: '**', title: 'Page not found', loadComponent: () => import('../shell/not-found-page').then((m) => m.NotFoundPage) },
];
