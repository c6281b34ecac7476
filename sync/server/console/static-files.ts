/**
 * Serves the built console (dist/console) under /console. Hashed assets are
 * cached for a year (their names change with their content); the HTML is always
 * revalidated, so a new build reaches operators at their next page load. Every
 * page gets a strict Content-Security-Policy: the console runs only its own
 * scripts and styles and talks only to this server.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { DomainError } from '#server/errors.ts';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // QR codes of enrolment codes are drawn as data: images.
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  // The live preview is the console's own preview page in a frame.
  "frame-src 'self'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticOptions {
  /** The folder of the console build (index.html, preview.html, assets/). */
  root: string;
}

export function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply.headers({
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'SAMEORIGIN',
    'cross-origin-opener-policy': 'same-origin',
  });
}

export const consoleStatic: FastifyPluginAsync<StaticOptions> = async (app, { root }) => {
  const send = async (reply: FastifyReply, relative: string) => {
    const path = normalize(join(root, relative));
    // normalize() resolves "..": anything that lands outside the build folder is not ours to serve.
    if (!path.startsWith(root.endsWith(sep) ? root : root + sep))
      throw new DomainError(404, 'not_found', 'no such file');
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch {
      if (relative === 'index.html')
        throw new DomainError(503, 'unavailable', 'the console is not built on this server; run `npm run build`');
      throw new DomainError(404, 'not_found', `there is no ${relative} in the console`);
    }
    const hashed = relative.startsWith(`assets${sep}`) || relative.startsWith('assets/');
    securityHeaders(reply)
      .type(TYPES[extname(path)] ?? 'application/octet-stream')
      .header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    return reply.send(body);
  };

  // With a prefix, '/' answers both /console and /console/; relative asset URLs need the slash.
  app.get('/', async (request, reply) =>
    request.url.split('?')[0]!.endsWith('/') ? send(reply, 'index.html') : reply.redirect(`${request.url}/`, 301),
  );
  app.get('/*', async (request, reply) => {
    const rest = (request.params as { '*': string })['*'];
    return send(reply, rest === '' ? 'index.html' : rest);
  });
};
