import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { LIMITS, BUSINESS_ROLES, type BusinessRole, type TeamInvitationView, type TeamMemberView } from '#contracts';
import { AuthStore } from '../../core/auth-store';
import { Confirm } from '../../core/confirm-dialog';
import { applyServerErrors, controlMessage, problemCode, problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import { formatDateTime } from '../../ui/format';
import { Loading } from '../../ui/loading';
import { EmptyState } from '../../ui/empty-state';
import { UiTable } from '../../ui/table';
import { ErrorAlert } from '../../ui/error-alert';

@Component({
  selector: 'app-team-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, Loading, EmptyState, UiTable, ErrorAlert],
  templateUrl: './team-settings.html',
  host: { class: 'stack' },
  styles: `
    .right {
      text-align: right;
    }
    select.role {
      width: auto;
    }
  `,
})
export class TeamSettingsPage {
  private readonly api = inject(BusinessApi);
  private readonly auth = inject(AuthStore);
  private readonly confirm = inject(Confirm);
  protected readonly biz = injectBusinessContext();
  protected readonly team = rxResource({ params: () => this.biz.id() ?? undefined, stream: ({ params }) => this.api.team(params) });
  protected readonly pending = rxResource({ params: () => this.biz.id() ?? undefined, stream: ({ params }) => this.api.invitations(params) });
  protected readonly myId = computed(() => this.auth.me()?.user.id ?? null);
  protected readonly roles = BUSINESS_ROLES;
  protected readonly busyId = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly note = signal<string | null>(null);

  protected readonly invite = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(LIMITS.name.max)] }),
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email, Validators.maxLength(LIMITS.email.max)] }),
    role: new FormControl<BusinessRole>('staff', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly inviting = signal(false);
  protected readonly inviteError = signal<string | null>(null);
  protected readonly message = controlMessage;
  protected readonly problemDetail = problemDetail;

  protected joined(m: TeamMemberView): string {
    return formatDateTime(m.joinedAt, 'date', { timeZone: this.biz.timeZone() });
  }

  protected sendInvite(): void {
    this.inviteError.set(null);
    this.note.set(null);
    const id = this.biz.id();
    if (!id) return;
    if (this.invite.invalid) {
      this.invite.markAllAsTouched();
      return;
    }
    const v = this.invite.getRawValue();
    this.inviting.set(true);
    this.api.inviteMember(id, { name: v.name.trim(), email: v.email.trim(), role: v.role }).subscribe({
      next: (m) => {
        this.inviting.set(false);
        this.invite.reset({ name: '', email: '', role: 'staff' });
        this.note.set(`An invitation was sent to ${m.email}. ${m.name} chooses their own password when accepting (the link works for 7 days).`);
        this.pending.reload();
      },
      error: (err: unknown) => {
        this.inviting.set(false);
        if (problemCode(err) === 'already_member') {
          this.invite.controls.email.setErrors({ server: problemDetail(err, 'This person is already in the team.') });
          this.invite.controls.email.markAsTouched();
          return;
        }
        const leftover = applyServerErrors(this.invite, err);
        this.inviteError.set(leftover.length ? `${problemDetail(err)} ${leftover.join(' ')}` : problemDetail(err));
      },
    });
  }

  protected invited(i: TeamInvitationView): string {
    return formatDateTime(i.invitedAt, 'date', { timeZone: this.biz.timeZone() });
  }

  protected withdraw(i: TeamInvitationView): void {
    const id = this.biz.id();
    if (!id) return;
    this.error.set(null);
    this.note.set(null);
    this.busyId.set(i.id);
    this.api.withdrawInvitation(id, i.id).subscribe({
      next: () => {
        this.busyId.set(null);
        this.note.set(`The invitation to ${i.email} was withdrawn; its link no longer works.`);
        this.pending.reload();
      },
      error: (err: unknown) => {
        this.busyId.set(null);
        this.error.set(problemDetail(err));
      },
    });
  }

  protected changeRole(m: TeamMemberView, role: string, select: HTMLSelectElement): void {
    const id = this.biz.id();
    if (!id || role === m.role || (role !== 'owner' && role !== 'staff')) return;
    this.error.set(null);
    this.note.set(null);
    this.busyId.set(m.userId);
    this.api.changeRole(id, m.userId, role).subscribe({
      next: (updated) => {
        this.busyId.set(null);
        this.note.set(`${updated.name} is now ${updated.role}.`);
        this.team.reload();
        if (m.userId === this.myId()) void this.auth.refresh().catch(() => undefined);
      },
      error: (err: unknown) => {
        this.busyId.set(null);
        select.value = m.role; // the change did not happen: show the role the member still has
        this.error.set(problemDetail(err));
      },
    });
  }

  protected async remove(m: TeamMemberView): Promise<void> {
    const id = this.biz.id();
    if (!id) return;
    const yes = await this.confirm.ask({
      title: `Remove ${m.name} from the team?`,
      message: `${m.name} (${m.email}) will no longer be able to sign in to this business (and if it was their only one, their account is closed).`,
      confirmLabel: 'Remove',
      cancelLabel: 'Keep member',
      danger: true,
    });
    if (!yes) return;
    this.error.set(null);
    this.note.set(null);
    this.busyId.set(m.userId);
    this.api.removeMember(id, m.userId).subscribe({
      next: () => {
        this.busyId.set(null);
        this.note.set(`${m.name} was removed from the team.`);
        this.team.reload();
      },
      error: (err: unknown) => {
        this.busyId.set(null);
        this.error.set(problemDetail(err));
      },
    });
  }
}
