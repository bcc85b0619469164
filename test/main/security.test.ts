import { describe, expect, it, vi } from 'vitest';
import {
  denyPermissionCheck,
  denyPermissionRequest,
  denyWindowOpen,
  isAppUrl,
  navigationGuard,
  withSecurityHeaders,
} from '../../src/main/security';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/policy';

describe('isAppUrl', () => {
  const devUrl = 'http://localhost:5173/';
  const fileUrl = 'file:///opt/cnn-studio/out/renderer/index.html';

  it.each([
    [devUrl, devUrl],
    ['http://localhost:5173/?reload=1#top', devUrl],
    [fileUrl, fileUrl],
    [`${fileUrl}#layers`, fileUrl],
  ])('accepts %s as the app at %s', (url, appUrl) => {
    expect(isAppUrl(url, appUrl)).toBe(true);
  });

  it.each([
    ['https://example.com/', devUrl],
    ['http://localhost:5174/', devUrl],
    ['http://localhost:5173/other.html', devUrl],
    ['file:///etc/passwd', fileUrl],
    ['not a url', devUrl],
    ['javascript:alert(1)', devUrl],
  ])('refuses %s for the app at %s', (url, appUrl) => {
    expect(isAppUrl(url, appUrl)).toBe(false);
  });
});

describe('navigationGuard', () => {
  const guard = navigationGuard('http://localhost:5173/');

  it('cancels navigation to another page', () => {
    const event = { preventDefault: vi.fn() };
    guard(event, 'https://example.com/');
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('lets the app reload itself', () => {
    const event = { preventDefault: vi.fn() };
    guard(event, 'http://localhost:5173/');
    expect(event.preventDefault).not.toHaveBeenCalled();
  });
});

describe('window and permission handlers', () => {
  it('opens no new windows', () => {
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    const callback = vi.fn();
    denyPermissionRequest(null, 'media', callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    expect(denyPermissionCheck()).toBe(false);
  });
});

describe('withSecurityHeaders', () => {
  it('adds the policy and cross-origin isolation to a response', () => {
    expect(withSecurityHeaders({ 'Content-Type': ['text/html'] })).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      'Cross-Origin-Opener-Policy': ['same-origin'],
      'Cross-Origin-Embedder-Policy': ['require-corp'],
    });
  });

  it("replaces a server's own policy whatever its letter case", () => {
    const headers = withSecurityHeaders({ 'content-security-policy': ['default-src *'] });
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('works when the response has no headers', () => {
    expect(Object.keys(withSecurityHeaders(undefined))).toHaveLength(3);
  });
});
