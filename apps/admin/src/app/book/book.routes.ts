import type { Routes } from '@angular/router';
import { authGuard } from '../core/auth-guard';

/** /book/:slug — the public booking page (its own lazy chunk, no sign-in) and the customer's manage link. */
export const BOOK_ROUTES: Routes = [
  { path: ':slug', loadComponent: () => import('./booking-page').then((m) => m.BookingPage) },
  // The owner's preview (also while impersonating): signed in, same page, never books.
  { path: ':slug/preview', canActivate: [authGuard], data: { preview: true }, loadComponent: () => import('./booking-page').then((m) => m.BookingPage) },
  { path: ':slug/manage/:token', loadComponent: () => import('./manage-page').then((m) => m.ManagePage) },
];
