// The window's security handlers, as plain functions so they can be tested without Electron.
// index.ts wires them in; its BrowserWindow's webPreferences are written out where the window is
// made, where reviewers and electronegativity can read them.

import type { WindowOpenHandlerResponse } from 'electron';
import { SECURITY_HEADERS } from '../shared/policy';

/**
 * True when `url` is the app's own page (same scheme, host and path; query and hash may differ,
 * so reloads keep working). The window may show nothing else.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  let target: URL;
  let app: URL;
  try {
    target = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  return (
    target.protocol === app.protocol && target.host === app.host && target.pathname === app.pathname
  );
}

/** A `will-navigate` listener: any navigation away from the app's page is cancelled. */
export function navigationGuard(appUrl: string) {
  return (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  };
}

/** The app opens no windows from web content (links, `window.open`). */
export function denyWindowOpen(): WindowOpenHandlerResponse {
  return { action: 'deny' };
}

/** The app needs no camera, notifications, clipboard reads or any other permission. */
export function denyPermissionRequest(
  _webContents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

export function denyPermissionCheck(): boolean {
  return false;
}

/**
 * The response headers with the app's security headers set, replacing any a server sent
 * under another letter case.
 */
export function withSecurityHeaders(
  headers: Record<string, string | string[]> = {},
): Record<string, string | string[]> {
  const ours = new Set(Object.keys(SECURITY_HEADERS).map((name) => name.toLowerCase()));
  const kept = Object.entries(headers).filter(([name]) => !ours.has(name.toLowerCase()));
  const added = Object.entries(SECURITY_HEADERS).map(([name, value]) => [name, [value]]);
  return Object.fromEntries([...kept, ...added]);
}
