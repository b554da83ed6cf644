import { HttpClient, HttpContext, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type {
  AuditEventView,
  AuditOutcome,
  BookingStatus,
  BusinessStatus,
  CreateBusinessRequest,
  ExitImpersonationResponse,
  ExtendImpersonationResponse,
  LoginRequest,
  LoginResponse,
  LogoutResponse,
  OperatorBookingView,
  OperatorBusinessView,
  OperatorDashboardView,
  OutboxMessageDetail,
  OutboxPage,
  OutboxStatus,
  Page,
  StartImpersonationRequest,
  StartImpersonationResponse,
  SupportAccessRequestBody,
  SupportAccessRequestView,
  UpdateBusinessRequest,
} from '#contracts';
import { HANDLES_SESSION_ERRORS } from './http-context';

/** Query values: empty strings, null and undefined are left out of the URL. */
export type Query = Record<string, string | number | boolean | null | undefined>;

export function toParams(query: Query): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue;
    params = params.set(key, String(value));
  }
  return params;
}

export interface BusinessListQuery extends Query {
  q?: string;
  status?: BusinessStatus | '';
  limit?: number;
  cursor?: string | null;
}
export interface OperatorBookingQuery extends Query {
  from?: string;
  to?: string;
  businessId?: string;
  status?: BookingStatus | '';
  q?: string;
  limit?: number;
  cursor?: string | null;
}
export interface AuditQuery extends Query {
  actorId?: string;
  businessId?: string;
  impersonationId?: string;
  action?: string;
  outcome?: AuditOutcome | '';
  q?: string;
  from?: string;
  to?: string;
  /** `exclude` leaves out page views (GET rows). */
  views?: 'include' | 'exclude' | '';
  limit?: number;
  cursor?: string | null;
}

export interface OutboxQuery extends Query {
  status?: OutboxStatus | '';
  limit?: number;
  cursor?: string | null;
}

/**
 * Typed calls for the auth, impersonation and operator endpoints (API.md). URLs are relative on
 * purpose: Angular's HttpClient only attaches the X-XSRF-TOKEN header to relative URLs.
 */
@Injectable({ providedIn: 'root' })
export class Api {
  private readonly http = inject(HttpClient);

  login(body: LoginRequest): Observable<LoginResponse> {
    return this.http.post<LoginResponse>('/api/auth/login', body, {
      context: new HttpContext().set(HANDLES_SESSION_ERRORS, true),
    });
  }
  logout(): Observable<LogoutResponse> {
    return this.http.post<LogoutResponse>('/api/auth/logout', {});
  }
  startImpersonation(body: StartImpersonationRequest): Observable<StartImpersonationResponse> {
    return this.http.post<StartImpersonationResponse>('/api/impersonation', body);
  }
  extendImpersonation(): Observable<ExtendImpersonationResponse> {
    return this.http.post<ExtendImpersonationResponse>('/api/impersonation/extend', {});
  }
  exitImpersonation(): Observable<ExitImpersonationResponse> {
    return this.http.delete<ExitImpersonationResponse>('/api/impersonation');
  }

  listBusinesses(query: BusinessListQuery = {}): Observable<Page<OperatorBusinessView>> {
    return this.http.get<Page<OperatorBusinessView>>('/api/businesses', { params: toParams(query) });
  }
  createBusiness(body: CreateBusinessRequest): Observable<OperatorBusinessView> {
    return this.http.post<OperatorBusinessView>('/api/businesses', body);
  }
  updateBusiness(businessId: string, body: UpdateBusinessRequest): Observable<OperatorBusinessView> {
    return this.http.patch<OperatorBusinessView>(`/api/businesses/${encodeURIComponent(businessId)}`, body);
  }
  requestSupportAccess(businessId: string, body: SupportAccessRequestBody): Observable<SupportAccessRequestView> {
    return this.http.post<SupportAccessRequestView>(`/api/businesses/${encodeURIComponent(businessId)}/support-access/requests`, body);
  }
  operatorDashboard(): Observable<OperatorDashboardView> {
    return this.http.get<OperatorDashboardView>('/api/operator/dashboard');
  }
  operatorBookings(query: OperatorBookingQuery = {}): Observable<Page<OperatorBookingView>> {
    return this.http.get<Page<OperatorBookingView>>('/api/bookings', { params: toParams(query) });
  }
  audit(query: AuditQuery = {}): Observable<Page<AuditEventView>> {
    return this.http.get<Page<AuditEventView>>('/api/audit', { params: toParams(query) });
  }
  outbox(query: OutboxQuery = {}): Observable<OutboxPage> {
    return this.http.get<OutboxPage>('/api/operator/outbox', { params: toParams(query) });
  }
  outboxMessage(id: string): Observable<OutboxMessageDetail> {
    return this.http.get<OutboxMessageDetail>(`/api/operator/outbox/${encodeURIComponent(id)}`);
  }
  retryOutboxMessage(id: string): Observable<unknown> {
    return this.http.post(`/api/operator/outbox/${encodeURIComponent(id)}/retry`, {});
  }
}
