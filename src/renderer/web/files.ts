// Files in the web edition: a file input to open (Playwright drives it like a person would) and
// downloads to save. The browser gives no path, so every save is a download under a name.

import type { OpenedFile } from '../../shared/backend';

/** Asks for one file of the `accept` types; resolves null when the picker is cancelled. */
export function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('cancel', () => resolve(null));
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null));
    input.click();
  });
}

/** Asks for one model file; resolves null when the picker is cancelled. */
export async function pickTextFile(accept: string): Promise<OpenedFile | null> {
  const file = await pickFile(accept);
  return file && { name: file.name, path: null, text: await file.text() };
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
