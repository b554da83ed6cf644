import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { problemDetail } from '../../core/problem';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../business-context';
import { StatusBadge } from '../ui/status-badge';
import { formatInZone } from '../zoned-time';

@Component({
  selector: 'app-business-dashboard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, StatusBadge],
  templateUrl: './dashboard-page.html',
  styleUrls: ['../ui/page.css', './dashboard-page.css'],
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
    return formatInZone(iso, this.biz.timeZone(), 'time');
  }
  protected date(day: string): string {
    return formatInZone(`${day}T12:00:00Z`, 'UTC', 'date');
  }
}
