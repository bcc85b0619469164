// Files in the web edition: a file input to open (Playwright drives it like a person would) and
// downloads to save. The browser gives no path, so every save is a download under a name.

import type { OpenedFile } from '../../shared/backend';

/** Asks for one model file; resolves null when the picker is cancelled. */
export function pickTextFile(accept: string): Promise<OpenedFile | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('cancel', () => resolve(null));
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return resolve(null);
      file.text().then((text) => resolve({ name: file.name, path: null, text }), reject);
    });
    input.click();
  });
}

export function download(name: string, data: string | Uint8Array, type: string): void {
  // A copy into a fresh ArrayBuffer: Blob takes no views of shared memory.
  const part = typeof data === 'string' ? data : new Uint8Array(data);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has started from the URL by the time the click returns; later is only tidier.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
