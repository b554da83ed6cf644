import { DOCUMENT } from '@angular/common';
import { TestBed } from '@angular/core/testing';
import { describe, expect, it } from 'vitest';
import { XsrfCookieExtractor } from './xsrf-extractor';

function extractorWith(cookie: string): XsrfCookieExtractor {
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({ providers: [XsrfCookieExtractor, { provide: DOCUMENT, useValue: { cookie } }] });
  return TestBed.inject(XsrfCookieExtractor);
}

describe('XsrfCookieExtractor', () => {
  it('reads the __Host- cookie the API sets over TLS', () => {
    expect(extractorWith('a=1; __Host-XSRF-TOKEN=n.mac; b=2').getToken()).toBe('n.mac');
  });
  it('reads the plain cookie without TLS', () => {
    expect(extractorWith('XSRF-TOKEN=p.q').getToken()).toBe('p.q');
  });
  it('prefers the __Host- cookie when both are present', () => {
    expect(extractorWith('XSRF-TOKEN=tossed; __Host-XSRF-TOKEN=real').getToken()).toBe('real');
  });
  it('is null without either', () => {
    expect(extractorWith('other=1').getToken()).toBeNull();
  });
});
