// The engine compiles against ES2022 alone (tsconfig.engine.json), so the two web-standard host
// APIs the loader needs, both present in Node 20 and in browsers and their workers, are described
// here only as far as they are used and looked up on globalThis.

interface Digest {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

interface GzipStream {
  readable: {
    getReader(): {
      read(): Promise<{ done: boolean; value?: Uint8Array }>;
      cancel(): Promise<void>;
    };
  };
  writable: { getWriter(): { write(chunk: Uint8Array): Promise<void>; close(): Promise<void> } };
}

interface Host {
  crypto?: { subtle?: Digest };
  DecompressionStream?: new (format: 'gzip') => GzipStream;
}

const host = globalThis as unknown as Host;

/** The SHA-256 of the bytes as lowercase hex. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = host.crypto?.subtle;
  if (!subtle) throw new Error('crypto.subtle is not available in this environment');
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * Decompresses a gzip file, or stops as soon as its content passes `limit` bytes and returns null:
 * a small file that inflates to gigabytes (a gzip bomb) costs no more than `limit`.
 */
export async function gunzip(bytes: Uint8Array, limit = Infinity): Promise<Uint8Array | null> {
  const Decompression = host.DecompressionStream;
  if (!Decompression) throw new Error('DecompressionStream is not available in this environment');
  const stream = new Decompression('gzip');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  const readAll = async (): Promise<boolean> => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      if (!value) continue;
      length += value.length;
      if (length > limit) {
        await reader.cancel();
        return false;
      }
      chunks.push(value);
    }
  };
  // Written and read at once: the stream applies back-pressure. A corrupt input rejects both; a
  // cancelled read rejects the write, which then no longer matters.
  const writing = writer.write(bytes).then(() => writer.close());
  writing.catch(() => undefined);
  const whole = await readAll();
  if (!whole) return null;
  await writing;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
