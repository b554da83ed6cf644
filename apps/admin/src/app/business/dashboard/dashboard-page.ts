import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import { EmptyState } from '../../ui/empty-state';
import { ErrorAlert } from '../../ui/error-alert';
import { Loading } from '../../ui/loading';
import { StatusBadge } from '../../ui/status-badge';
import { UiTable } from '../../ui/table';
import { formatDateTime } from '../../ui/format';
import { SetupChecklist } from './setup-checklist';

@Component({
  selector: 'app-business-dashboard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, EmptyState, ErrorAlert, Loading, StatusBadge, SetupChecklist, UiTable],
  templateUrl: './dashboard-page.html',
  styleUrl: './dashboard-page.css',
})
export class DashboardPage {
  private readonly api = inject(BusinessApi);
  protected readonly biz = injectBusinessContext();
  protected readonly dashboard = rxResource({
    params: () => this.biz.id() ?? undefined,
    stream: ({ params: id }) => this.api.dashboard(id),
  });
  protected readonly problemDetail = problemDetail;

  protected time(iso: string): string {
    return formatDateTime(iso, 'time', { timeZone: this.biz.timeZone() });
  }
  protected date(day: string): string {
    return formatDateTime(`${day}T12:00:00Z`, 'date', { timeZone: 'UTC' });
  }
}
