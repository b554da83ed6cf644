import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { LIMITS, validateAppPath } from '#contracts';
import { AuthStore } from '../core/auth-store';
import { NoticeService } from '../core/notice.service';
import { problemDetail } from '../ui/problem';
import { SessionActions } from '../core/session-actions';

/**
 * Where to go after signing in: `returnTo` only when it is an admin path by the shared grammar
 * (`validateAppPath`): never another origin, an encoded path or a traversal. Else the landing page.
 */
export function postLoginTarget(returnTo: string | null, landing: string): string {
  const verdict = validateAppPath(returnTo);
  return verdict.ok ? verdict.path : landing;
}

@Component({
  selector: 'app-login-page',
  imports: [ReactiveFormsModule, RouterLink],
  templateUrl: './login-page.html',
  styleUrl: './login-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  private readonly actions = inject(SessionActions);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly notices = inject(NoticeService);

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(LIMITS.email.max)]],
    password: ['', [Validators.required, Validators.maxLength(LIMITS.password.max)]],
  });
  protected readonly submitting = signal(false);
  protected readonly submitted = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    // After accepting an invitation or resetting a password the address is handed over (never a password).
    const email = this.route.snapshot.queryParamMap.get('email');
    if (email && email.length <= 254) this.form.controls.email.setValue(email);
  }

  protected showError(control: 'email' | 'password'): boolean {
    const c = this.form.controls[control];
    return c.invalid && (c.touched || this.submitted());
  }

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    this.error.set(null);
    if (this.form.invalid || this.submitting()) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    try {
      const { email, password } = this.form.getRawValue();
      await this.actions.signIn({ email: email.trim(), password });
      this.notices.dismiss();
      const target = postLoginTarget(this.route.snapshot.queryParamMap.get('returnTo'), this.auth.landingPath());
      await this.router.navigateByUrl(target);
    } catch (err) {
      this.error.set(problemDetail(err, 'Sign-in failed. Please try again.'));
      // Clear the password for the next try without also flagging the emptied field as an error:
      // the server's message already says what went wrong.
      this.form.controls.password.reset();
      this.submitted.set(false);
    } finally {
      this.submitting.set(false);
    }
  }
}
