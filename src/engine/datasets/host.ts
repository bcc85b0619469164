// The engine compiles against ES2022 alone (tsconfig.engine.json), so the two web-standard host
// APIs the loader needs, both present in Node 20 and in browsers and their workers, are described
// here only as far as they are used and looked up on globalThis.

interface Digest {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

interface GzipStream {
  readable: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> } };
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

/** Decompresses a whole gzip file. */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const Decompression = host.DecompressionStream;
  if (!Decompression) throw new Error('DecompressionStream is not available in this environment');
  const stream = new Decompression('gzip');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  const readAll = async (): Promise<void> => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value) chunks.push(value);
    }
  };
  // Write and read at once: the stream applies back-pressure, and awaiting both together means a
  // corrupt input rejects here instead of leaving an unhandled rejection behind.
  await Promise.all([writer.write(bytes).then(() => writer.close()), readAll()]);
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
