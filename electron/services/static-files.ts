/**
 * Serving the built renderer from a folder, shared by Electron's `app://kiosk/`
 * protocol and the browser host so both resolve paths the same way. The path check
 * is the security boundary: nothing outside the renderer folder is ever read.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

/** Content types of the files a Vite build emits (plus fonts, images and sounds in assets). */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.wasm': 'application/wasm',
};

/** The content type for a file name; unknown kinds are sent as opaque bytes. */
export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticPath = { ok: true; relative: string } | { ok: false; status: 400 | 403 };

/**
 * Turns a URL path ("/assets/app.js", still percent-encoded) into a path relative
 * to the served folder. Refuses (403) any '..' or '.' segment, backslash or NUL
 * after decoding, and answers 400 for malformed percent-encoding. '/' is index.html.
 */
export function resolveStaticPath(urlPath: string): StaticPath {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { ok: false, status: 400 };
  }
  if (!decoded.startsWith('/') || decoded.includes('\\') || decoded.includes('\0')) return { ok: false, status: 403 };
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) return { ok: false, status: 403 };
  const relative = segments.filter((s) => s !== '').join('/');
  return { ok: true, relative: relative === '' ? 'index.html' : relative };
}

/** A file to send, or the status to answer instead. */
export type StaticFile = { status: 200; body: Buffer; contentType: string } | { status: 400 | 403 | 404 };

async function isFileInside(root: string, filePath: string): Promise<boolean> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(filePath)]);
    // Also catches a symlink inside the folder that points outside it.
    return realFile.startsWith(realRoot + sep) && (await stat(realFile)).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads the file a URL path names inside `rootDir`. An extension-less path that
 * names no file gets index.html, so client-side routes (e.g. /display) survive a
 * reload; a missing file with an extension is a plain 404.
 */
export async function readStaticFile(rootDir: string, urlPath: string): Promise<StaticFile> {
  const resolved = resolveStaticPath(urlPath);
  if (!resolved.ok) return { status: resolved.status };
  const root = resolve(rootDir);
  let filePath = join(root, resolved.relative);
  if (!(await isFileInside(root, filePath))) {
    const lastSegment = resolved.relative.split('/').at(-1) ?? '';
    if (lastSegment.includes('.')) return { status: 404 };
    filePath = join(root, 'index.html');
    if (!(await isFileInside(root, filePath))) return { status: 404 };
  }
  return { status: 200, body: await readFile(filePath), contentType: contentTypeFor(filePath) };
}
