import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * How the built renderer's files are served, shared by both transports (the host's HTTP server
 * and Electron's `linli://` protocol) so the two cannot drift apart.
 */

/** Our own files only, no inline script, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "media-src 'self' blob: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.webm': 'audio/webm',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type RendererFile =
  | { kind: 'file'; path: string; fallbackToIndex: boolean }
  | { kind: 'reject'; status: 400 | 404 };

/**
 * Maps a URL path (still percent-encoded) to a file inside `rendererDir`. Anything that would
 * leave the directory is refused. Paths without an extension are screens of the single-page app
 * and fall back to index.html when there is no such file; a missing asset is a plain 404 so it
 * shows up as what it is.
 */
export function resolveRendererFile(rendererDir: string, encodedPath: string): RendererFile {
  let pathname: string;
  try {
    pathname = decodeURIComponent(encodedPath);
  } catch {
    return { kind: 'reject', status: 400 };
  }
  if (pathname.includes('\0')) return { kind: 'reject', status: 400 };
  const root = resolve(rendererDir);
  const target = resolve(root, `./${pathname}`);
  const inside = relative(root, target);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return { kind: 'reject', status: 404 };
  if (inside === '') return { kind: 'file', path: resolve(root, 'index.html'), fallbackToIndex: false };
  return { kind: 'file', path: target, fallbackToIndex: extname(target) === '' };
}
