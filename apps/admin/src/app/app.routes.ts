import type { Routes } from '@angular/router';
import { authGuard } from './core/auth-guard';
import { businessGuard } from './core/business-guard';
import { landingGuard } from './core/landing-guard';
import { operatorGuard } from './core/operator-guard';

export const routes: Routes = [
  { path: 'login', title: 'Sign in', loadComponent: () => import('./login/login-page').then((m) => m.LoginPage) },
  // The public booking page: outside the signed-in shell, its own lazy chunk.
  { path: 'book', title: 'Book', loadChildren: () => import('./book/book.routes').then((m) => m.BOOK_ROUTES) },
  // One-time links from e-mails, no sign-in needed (the token is in the URL fragment).
  { path: 'forgot-password', title: 'Forgot password', loadComponent: () => import('./account/forgot-password-page').then((m) => m.ForgotPasswordPage) },
  { path: 'reset-password', title: 'Choose a new password', loadComponent: () => import('./account/reset-password-page').then((m) => m.ResetPasswordPage) },
  { path: 'accept-invite', title: 'Invitation', loadComponent: () => import('./account/accept-invite-page').then((m) => m.AcceptInvitePage) },
  {
    // Everything else is inside the signed-in shell (top bar, impersonation pill, sidebar).
    path: '',
    canActivate: [authGuard],
    loadComponent: () => import('./shell/shell').then((m) => m.Shell),
    children: [
      { path: '', pathMatch: 'full', canActivate: [landingGuard], children: [] },
      {
        path: 'operator',
        canActivate: [operatorGuard],
        loadChildren: () => import('./operator/operator.routes').then((m) => m.OPERATOR_ROUTES),
      },
      {
        path: 'b/:slug',
        canActivate: [businessGuard],
        loadChildren: () => import('./business/business.routes').then((m) => m.BUSINESS_ROUTES),
      },
      {
        path: 'no-access',
        title: 'No access',
        loadComponent: () => import('./shell/no-access-page').then((m) => m.NoAccessPage),
      },
      // Any other address, signed in: a page that says so (signed out, authGuard sends it to sign-in).
      { path: '**', title: 'Page not found', loadComponent: () => import('./shell/not-found-page').then((m) => m.NotFoundPage) },
    ],
  },
];
