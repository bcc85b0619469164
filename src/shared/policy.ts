// Security policy for every page the app shows, in one place: the desktop window, the
// Electron dev server and the web edition all read it from here.

const directives: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  // WebAssembly kernels need wasm-unsafe-eval; no other eval is allowed.
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  // Svelte and Vite inject component styles at runtime.
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['worker-src', "'self' blob:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['frame-ancestors', "'none'"],
];

function join(entries: ReadonlyArray<readonly [string, string]>): string {
  return entries.map(([name, value]) => `${name} ${value}`).join('; ');
}

export const CONTENT_SECURITY_POLICY = join(directives);

/** The policy as a `<meta>` tag may carry it: browsers ignore `frame-ancestors` there, with a warning. */
export const META_CONTENT_SECURITY_POLICY = join(
  directives.filter(([name]) => name !== 'frame-ancestors'),
);

/** Response headers for the app's pages. COOP and COEP make the page cross-origin isolated, which SharedArrayBuffer requires. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
