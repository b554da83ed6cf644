import type { Routes } from '@angular/router';
import { authGuard } from './core/auth-guard';
import { businessGuard } from './core/business-guard';
import { landingGuard } from './core/landing-guard';
import { operatorGuard } from './core/operator-guard';

export const routes: Routes = [
  { path: 'login', title: 'Sign in', loadComponent: () => import('./login/login-page').then((m) => m.LoginPage) },
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
    ],
  },
  { path: '**', redirectTo: '' },
];
