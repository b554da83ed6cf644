import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AccessLogActivity,
  AccessLogEntry,
  AvailabilitySettings,
  BookingStatus,
  BookingView,
  BrandingSettings,
  BusinessDashboardView,
  BusinessRole,
  CalendarView,
  CreateBookingRequest,
  CreateCustomerRequest,
  CustomerRecord,
  CustomerView,
  GeneralSettings,
  InviteTeamMemberRequest,
  Page,
  PlatformViewEntry,
  ResourceView,
  ServiceView,
  SetupChecklistView,
  SupportAccessSettings,
  FreeSlotsView,
  TeamInvitationView,
  TeamMemberView,
  UpdateBookingRequest,
  UpdateGeneralSettingsRequest,
  UpdateCustomerRequest,
  UpdateSupportAccessRequest,
} from '#contracts';
import type { Observable } from 'rxjs';
import { toParams } from '../core/api';

export interface BookingFilter {
  from?: string;
  to?: string;
  status?: BookingStatus | '';
  resourceId?: string;
  customerId?: string;
  q?: string;
  limit?: number;
  cursor?: string | null;
}

/**
 * The business-scoped half of the HTTP API (API.md, "Business"). Every call names the business by
 * id: the URL's slug is only for people, the API's tenant key is the id.
 */
@Injectable({ providedIn: 'root' })
export class BusinessApi {
  private readonly http = inject(HttpClient);
  private base(businessId: string): string {
    return `/api/businesses/${encodeURIComponent(businessId)}`;
  }

  dashboard(businessId: string): Observable<BusinessDashboardView> {
    return this.http.get<BusinessDashboardView>(`${this.base(businessId)}/dashboard`);
  }
  /** What a new business still has to set up (derived by the API from its data). */
  setup(businessId: string): Observable<SetupChecklistView> {
    return this.http.get<SetupChecklistView>(`${this.base(businessId)}/setup`);
  }

  calendar(businessId: string, from: string, to: string, resourceId?: string | null): Observable<CalendarView> {
    return this.http.get<CalendarView>(`${this.base(businessId)}/calendar`, { params: toParams({ from, to, resourceId }) });
  }

  bookings(businessId: string, filter: BookingFilter): Observable<Page<BookingView>> {
    return this.http.get<Page<BookingView>>(`${this.base(businessId)}/bookings`, { params: toParams({ ...filter }) });
  }
  booking(businessId: string, id: string): Observable<BookingView> {
    return this.http.get<BookingView>(`${this.base(businessId)}/bookings/${encodeURIComponent(id)}`);
  }
  createBooking(businessId: string, body: CreateBookingRequest): Observable<BookingView> {
    return this.http.post<BookingView>(`${this.base(businessId)}/bookings`, body);
  }
  updateBooking(businessId: string, id: string, body: UpdateBookingRequest): Observable<BookingView> {
    return this.http.patch<BookingView>(`${this.base(businessId)}/bookings/${encodeURIComponent(id)}`, body);
  }
  cancelBooking(businessId: string, id: string): Observable<BookingView> {
    return this.http.post<BookingView>(`${this.base(businessId)}/bookings/${encodeURIComponent(id)}/cancel`, {});
  }

  customers(businessId: string, q: string, cursor?: string | null, limit = 25): Observable<Page<CustomerView>> {
    return this.http.get<Page<CustomerView>>(`${this.base(businessId)}/customers`, { params: toParams({ q, cursor, limit }) });
  }
  customer(businessId: string, id: string): Observable<CustomerRecord> {
    return this.http.get<CustomerRecord>(`${this.base(businessId)}/customers/${encodeURIComponent(id)}`);
  }
  createCustomer(businessId: string, body: CreateCustomerRequest): Observable<CustomerView> {
    return this.http.post<CustomerView>(`${this.base(businessId)}/customers`, body);
  }
  updateCustomer(businessId: string, id: string, body: UpdateCustomerRequest): Observable<CustomerView> {
    return this.http.patch<CustomerView>(`${this.base(businessId)}/customers/${encodeURIComponent(id)}`, body);
  }

  general(businessId: string): Observable<GeneralSettings> {
    return this.http.get<GeneralSettings>(`${this.base(businessId)}/settings/general`);
  }
  saveGeneral(businessId: string, body: UpdateGeneralSettingsRequest): Observable<GeneralSettings> {
    return this.http.put<GeneralSettings>(`${this.base(businessId)}/settings/general`, body);
  }
  branding(businessId: string): Observable<BrandingSettings> {
    return this.http.get<BrandingSettings>(`${this.base(businessId)}/settings/branding`);
  }
  /** The colour; the logo is kept unless `logoUrl: null` removes it (logos are uploaded, never linked). */
  saveBranding(businessId: string, body: { primaryColor: string | null; logoUrl?: string | null }): Observable<BrandingSettings> {
    return this.http.put<BrandingSettings>(`${this.base(businessId)}/settings/branding`, body);
  }
  /** The file itself as the body; the server decides what it is from its bytes. */
  uploadLogo(businessId: string, file: Blob): Observable<BrandingSettings> {
    return this.http.put<BrandingSettings>(`${this.base(businessId)}/settings/branding/logo`, file, {
      headers: { 'content-type': file.type || 'application/octet-stream' },
    });
  }
  removeLogo(businessId: string): Observable<BrandingSettings> {
    return this.http.delete<BrandingSettings>(`${this.base(businessId)}/settings/branding/logo`);
  }
  availability(businessId: string): Observable<AvailabilitySettings> {
    return this.http.get<AvailabilitySettings>(`${this.base(businessId)}/settings/availability`);
  }
  saveAvailability(businessId: string, body: AvailabilitySettings): Observable<AvailabilitySettings> {
    return this.http.put<AvailabilitySettings>(`${this.base(businessId)}/settings/availability`, body);
  }

  supportAccess(businessId: string): Observable<SupportAccessSettings> {
    return this.http.get<SupportAccessSettings>(`${this.base(businessId)}/settings/support-access`);
  }
  saveSupportAccess(businessId: string, body: UpdateSupportAccessRequest): Observable<SupportAccessSettings> {
    return this.http.put<SupportAccessSettings>(`${this.base(businessId)}/settings/support-access`, body);
  }

  services(businessId: string): Observable<ServiceView[]> {
    return this.http.get<ServiceView[]>(`${this.base(businessId)}/services`);
  }
  /** Free start times of a service (from now on; the public page's computation without notice or horizon). */
  freeSlots(businessId: string, serviceId: string, from?: string): Observable<FreeSlotsView> {
    return this.http.get<FreeSlotsView>(`${this.base(businessId)}/slots`, { params: { serviceId, ...(from ? { from } : {}) } });
  }

  createService(
    businessId: string,
    body: Omit<ServiceView, 'id' | 'bufferBeforeMinutes' | 'bufferAfterMinutes' | 'resourceIds'> & Partial<ServiceView>,
  ): Observable<ServiceView> {
    return this.http.post<ServiceView>(`${this.base(businessId)}/services`, body);
  }
  updateService(businessId: string, id: string, body: Partial<Omit<ServiceView, 'id'>>): Observable<ServiceView> {
    return this.http.patch<ServiceView>(`${this.base(businessId)}/services/${encodeURIComponent(id)}`, body);
  }

  resources(businessId: string): Observable<ResourceView[]> {
    return this.http.get<ResourceView[]>(`${this.base(businessId)}/resources`);
  }
  createResource(businessId: string, body: Omit<ResourceView, 'id' | 'workingHours'> & Partial<ResourceView>): Observable<ResourceView> {
    return this.http.post<ResourceView>(`${this.base(businessId)}/resources`, body);
  }
  updateResource(businessId: string, id: string, body: Partial<Omit<ResourceView, 'id'>>): Observable<ResourceView> {
    return this.http.patch<ResourceView>(`${this.base(businessId)}/resources/${encodeURIComponent(id)}`, body);
  }

  team(businessId: string): Observable<TeamMemberView[]> {
    return this.http.get<TeamMemberView[]>(`${this.base(businessId)}/team`);
  }
  inviteMember(businessId: string, body: InviteTeamMemberRequest): Observable<TeamInvitationView> {
    return this.http.post<TeamInvitationView>(`${this.base(businessId)}/team`, body);
  }
  invitations(businessId: string): Observable<TeamInvitationView[]> {
    return this.http.get<TeamInvitationView[]>(`${this.base(businessId)}/team/invitations`);
  }
  withdrawInvitation(businessId: string, invitationId: string): Observable<void> {
    return this.http.delete<void>(`${this.base(businessId)}/team/invitations/${encodeURIComponent(invitationId)}`);
  }
  changeRole(businessId: string, userId: string, role: BusinessRole): Observable<TeamMemberView> {
    return this.http.patch<TeamMemberView>(`${this.base(businessId)}/team/${encodeURIComponent(userId)}`, { role });
  }
  removeMember(businessId: string, userId: string): Observable<void> {
    return this.http.delete<void>(`${this.base(businessId)}/team/${encodeURIComponent(userId)}`);
  }

  /** `activity: 'all'` adds every page each visit viewed to its changes (oldest first). */
  accessLog(businessId: string, cursor?: string | null, limit = 20, activity: AccessLogActivity = 'changes'): Observable<Page<AccessLogEntry>> {
    return this.http.get<Page<AccessLogEntry>>(`${this.base(businessId)}/access-log`, {
      params: toParams({ cursor, limit, activity: activity === 'all' ? 'all' : null }),
    });
  }

  /** When operators saw this business's records from platform pages (not impersonating). */
  platformViews(businessId: string, cursor?: string | null, limit = 20): Observable<Page<PlatformViewEntry>> {
    return this.http.get<Page<PlatformViewEntry>>(`${this.base(businessId)}/access-log/platform-views`, { params: toParams({ cursor, limit }) });
  }
}
