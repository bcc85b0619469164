// The one API the renderer uses to reach its host. The preload implements it over IPC in
// Electron; the web edition implements it in the browser. The renderer cannot tell them apart.

export interface AppInfo {
  name: string;
  version: string;
  /** The operating system in the desktop app (`linux`, `darwin`, `win32`); `browser` on the web. */
  platform: string;
  edition: 'desktop' | 'web';
}

export interface StudioBackend {
  appInfo(): Promise<AppInfo>;
}

/** The `window` property under which the preload exposes the backend. */
export const BRIDGE_KEY = 'studio';
