import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY, contentTypeFor, resolveRendererFile } from '../core/renderer-files.ts';

function fileSize(path: string): number | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The path of a request target, or null when it is not a URL at all (`GET //[`): any program on
 * the machine can send one, and a throw here would take the core — and the alarms — down.
 */
export function requestPath(url: string | undefined): string | null {
  try {
    return new URL(url ?? '/', 'http://host').pathname;
  } catch {
    return null;
  }
}

/** Serves the built renderer over HTTP (GET/HEAD only), with the same rules as Electron's protocol. */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const requested = requestPath(req.url);
  if (requested === null) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request');
    return;
  }
  const target = resolveRendererFile(root, requested);
  let path = target.kind === 'file' ? target.path : undefined;
  let size = path === undefined ? undefined : fileSize(path);
  if (size === undefined && target.kind === 'file' && target.fallbackToIndex) {
    path = join(root, 'index.html');
    size = fileSize(path);
  }
  if (path === undefined || size === undefined) {
    const status = target.kind === 'reject' ? target.status : 404;
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(status === 400 ? 'Bad request' : 'Not found');
    return;
  }
  const hashed = path.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': contentTypeFor(path),
    'content-length': size,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    // Vite's assets carry a content hash; index.html must always be fresh after an update.
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // A file removed between the size check and the read (an update under way) ends this response, not the core.
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}
