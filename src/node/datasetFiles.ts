// The bundled datasets over HTTP for the web edition's dev and preview servers (vite.web.config.ts
// mounts this at /datasets/), where the training Web Worker fetches them. Plain Node, so it is
// tested without a server: a request names a file inside the folder or falls through.

import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { relative, resolve } from 'node:path';

export type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Serves the files of `folder` as plain bytes: a static server that labels `.gz` files
 * `Content-Encoding: gzip` (as Vite's preview does) makes fetch unzip them, and the loader then
 * finds them damaged. A path that is not valid percent-encoding is a 400; one outside the folder
 * (`..`, absolute) or not a file falls through to the next handler (a 404).
 */
export function serveDatasetFiles(folder: string): Middleware {
  return (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let name: string;
    try {
      name = decodeURIComponent(url.pathname);
    } catch {
      res.statusCode = 400;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('Bad request: the path is not valid percent-encoding.\n');
      return;
    }
    const file = resolve(folder, `.${name}`);
    const info = relative(folder, file).startsWith('..')
      ? undefined
      : statSync(file, { throwIfNoEntry: false });
    if (!info?.isFile()) {
      next();
      return;
    }
    res.setHeader(
      'Content-Type',
      file.endsWith('.json') ? 'application/json' : 'application/octet-stream',
    );
    res.setHeader('Content-Length', info.size);
    createReadStream(file).pipe(res);
  };
}
