import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { CreatePublicBookingRequest, FreeSlotsView, ManageBookingView, PublicBookingCreated, PublicBusinessView } from '#contracts';

/**
 * The booking page's calls. The public ones carry no credential (the API reads no cookie there);
 * the preview ones are the signed-in owner's (or impersonating operator's) reads of the same page.
 */
@Injectable({ providedIn: 'root' })
export class BookApi {
  private readonly http = inject(HttpClient);

  business(slug: string): Observable<PublicBusinessView> {
    return this.http.get<PublicBusinessView>(`/api/public/businesses/${encodeURIComponent(slug)}`);
  }
  slots(slug: string, serviceId: string, from?: string, to?: string): Observable<FreeSlotsView> {
    return this.http.get<FreeSlotsView>(`/api/public/businesses/${encodeURIComponent(slug)}/slots`, { params: range(serviceId, from, to) });
  }
  book(slug: string, body: CreatePublicBookingRequest & { website?: string }): Observable<PublicBookingCreated> {
    return this.http.post<PublicBookingCreated>(`/api/public/businesses/${encodeURIComponent(slug)}/bookings`, body);
  }
  manage(token: string): Observable<ManageBookingView> {
    return this.http.get<ManageBookingView>(`/api/public/bookings/manage/${encodeURIComponent(token)}`);
  }
  cancel(token: string): Observable<ManageBookingView> {
    return this.http.post<ManageBookingView>(`/api/public/bookings/manage/${encodeURIComponent(token)}/cancel`, {});
  }
  reschedule(token: string, startsAt: string): Observable<ManageBookingView> {
    return this.http.post<ManageBookingView>(`/api/public/bookings/manage/${encodeURIComponent(token)}/reschedule`, { startsAt });
  }

  previewBusiness(businessId: string): Observable<PublicBusinessView> {
    return this.http.get<PublicBusinessView>(`/api/businesses/${businessId}/booking-page`);
  }
  previewSlots(businessId: string, serviceId: string, from?: string, to?: string): Observable<FreeSlotsView> {
    return this.http.get<FreeSlotsView>(`/api/businesses/${businessId}/booking-page/slots`, { params: range(serviceId, from, to) });
  }
}

function range(serviceId: string, from?: string, to?: string): HttpParams {
  let params = new HttpParams().set('serviceId', serviceId);
  if (from) params = params.set('from', from);
  if (to) params = params.set('to', to);
  return params;
}
