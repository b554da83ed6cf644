import type { Routes } from '@angular/router';
import { inject } from '@angular/core';
import { Router, type CanMatchFn } from '@angular/router';
import { businessDashboardPath } from '#contracts';
import { businessSlugOf } from '../core/business-context';
import { ownerGuard } from '../core/owner-guard';

const backToDashboard: CanMatchFn = () => {
  const router = inject(Router);
  const slug = businessSlugOf(router.currentNavigation()?.extractedUrl ?? router.parseUrl(router.url));
  return router.parseUrl(slug ? businessDashboardPath(slug) : '/');
};

/**
 * The business admin, mounted by the shell under `b/:slug`. Every page is its own lazy chunk.
 * Settings and the access log match only for owners (canMatch), so staff — or an operator
 * impersonating as staff — never even download them; the API refuses them anyway.
 */
export const BUSINESS_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
  {
    path: 'dashboard',
    title: 'Dashboard',
    loadComponent: () => import('./dashboard/dashboard-page').then((m) => m.DashboardPage),
  },
  {
    path: 'calendar',
    title: 'Calendar',
    loadComponent: () => import('./calendar/calendar-page').then((m) => m.CalendarPage),
  },
  {
    path: 'bookings',
    children: [
      { path: '', title: 'Bookings', loadComponent: () => import('./bookings/bookings-page').then((m) => m.BookingsPage) },
      { path: 'new', title: 'New booking', loadComponent: () => import('./bookings/booking-new-page').then((m) => m.BookingNewPage) },
      { path: ':id', title: 'Booking', loadComponent: () => import('./bookings/booking-detail-page').then((m) => m.BookingDetailPage) },
    ],
  },
  {
    path: 'customers',
    children: [
      { path: '', title: 'Customers', loadComponent: () => import('./customers/customers-page').then((m) => m.CustomersPage) },
      { path: ':id', title: 'Customer', loadComponent: () => import('./customers/customer-page').then((m) => m.CustomerPage) },
    ],
  },
  {
    path: 'access-log',
    title: 'Access log',
    canMatch: [ownerGuard],
    loadComponent: () => import('./access-log/access-log-page').then((m) => m.AccessLogPage),
  },
  {
    path: 'settings',
    canMatch: [ownerGuard],
    loadChildren: () => import('./settings/settings.routes').then((m) => m.SETTINGS_ROUTES),
  },
  // Owner-only pages that did not match (staff, or impersonating as staff): back to the dashboard,
  // as if the page were not there; any other unknown address says it is not found.
  { path: 'settings', canMatch: [backToDashboard], children: [] },
  { path: 'access-log', canMatch: [backToDashboard], children: [] },
  { path: '**', title: 'Page not found', loadComponent: () => import('../shell/not-found-page').then((m) => m.NotFoundPage) },
];
