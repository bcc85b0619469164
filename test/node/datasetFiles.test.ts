import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDatasetFiles } from '../../src/node/datasetFiles';

// The web edition's /datasets/ handler behind a real HTTP server, as Vite mounts it: under a
// prefix, with anything it does not serve falling through to a 404.

let root: string;
let folder: string;
let server: Server;
let base: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cnn-studio-datasets-'));
  folder = join(root, 'datasets');
  await mkdir(folder);
  await writeFile(join(root, 'outside.txt'), 'secret');
  await writeFile(join(folder, 'manifest.json'), '{"files":{}}');
  await mkdir(join(folder, 'mnist'));
  await writeFile(join(folder, 'mnist', 'a b.gz'), new Uint8Array([0x1f, 0x8b, 8]));
  const serve = serveDatasetFiles(folder);
  server = createServer((req, res) => {
    if (!req.url?.startsWith('/datasets/')) return void res.writeHead(404).end();
    req.url = req.url.slice('/datasets'.length);
    serve(req, res, () => res.writeHead(404).end('not found'));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/datasets`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  await rm(root, { recursive: true, force: true });
});

describe('serveDatasetFiles', () => {
  it('answers a path that is not valid percent-encoding with a 400, not a 500 and a stack', async () => {
    const response = await fetch(`${base}/%E0%A4%A`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Bad request: the path is not valid percent-encoding.\n');
  });

  it('serves a file as plain bytes, its name percent-decoded', async () => {
    const manifest = await fetch(`${base}/manifest.json`);
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toBe('application/json');
    expect(await manifest.text()).toBe('{"files":{}}');
    const gz = await fetch(`${base}/mnist/a%20b.gz`);
    expect(gz.headers.get('content-type')).toBe('application/octet-stream');
    expect(gz.headers.get('content-encoding')).toBeNull();
    expect(new Uint8Array(await gz.arrayBuffer())).toEqual(new Uint8Array([0x1f, 0x8b, 8]));
  });

  it('lets a folder, a missing file or a path out of the folder fall through to a 404', async () => {
    for (const path of ['/mnist', '/missing.gz', '/..%2Foutside.txt', '/%2e%2e/outside.txt']) {
      const response = await fetch(`${base}${path}`);
      expect([path, response.status]).toEqual([path, 404]);
    }
  });
});
