// IPC channel names, one per backend method. Kept free of dependencies because the sandboxed
// preload bundles it and may require nothing but `electron`.

import type { StudioBackend } from './backend';

export const Channel = {
  appInfo: 'studio:app-info',
} as const satisfies Record<keyof StudioBackend, string>;
