/**
 * The district listening with TLS, started as an operator does (`district serve
 * --tls-cert … --tls-key …`), with a self-signed certificate made by openssl here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '#server/cli.ts';
import type { DistrictServer } from '#server/server.ts';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasOpenssl())('district over TLS', { timeout: 120_000 }, () => {
  let dir: string;
  let cert: string;
  let key: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doorstep-tls-'));
    cert = join(dir, 'cert.pem');
    key = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const serve = async (args: string[], env: Record<string, string> = {}) => {
    let server: DistrictServer | undefined;
    const err: string[] = [];
    const io: CliIo = { stdout: () => undefined, stderr: (t) => err.push(t), env: { LOG_LEVEL: 'silent', ...env } };
    const code = await runCli(
      ['serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', join(dir, 'db'), ...args],
      io,
      (s) => (server = s),
    );
    return { code, server, err: err.join('') };
  };

  it('answers HTTPS with its certificate, and nothing over plain HTTP', async () => {
    const { code, server } = await serve(['--tls-cert', cert, '--tls-key', key]);
    expect(code).toBe(0);
    try {
      expect(server!.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const { port } = new URL(server!.url);
      const health = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        httpsGet({ host: '127.0.0.1', port, path: '/health', ca: readFileSync(cert) }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }).on('error', reject);
      });
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' });

      // A device that does not trust the certificate gets no answer at all.
      await expect(
        new Promise((resolve, reject) =>
          httpsGet({ host: '127.0.0.1', port, path: '/health' }, resolve).on('error', reject),
        ),
      ).rejects.toThrow(/self-signed|certificate/i);
      // Plain HTTP to the TLS port is not served.
      const plain = await new Promise<number | Error>((resolve) =>
        httpGet({ host: '127.0.0.1', port, path: '/health' }, (res) => resolve(res.statusCode ?? 0)).on(
          'error',
          resolve,
        ),
      );
      expect(plain === 200).toBe(false);
    } finally {
      await server?.close();
    }
  });

  it('takes the files from TLS_CERT_FILE and TLS_KEY_FILE, and refuses half a pair', async () => {
    const fromEnv = await serve([], { TLS_CERT_FILE: cert, TLS_KEY_FILE: key });
    try {
      expect(fromEnv.code).toBe(0);
      expect(fromEnv.server!.url).toMatch(/^https:/);
    } finally {
      await fromEnv.server?.close();
    }
    const half = await serve(['--tls-cert', cert]);
    expect(half.code).toBe(2);
    expect(half.err).toMatch(/--tls-key/);
    const missing = await serve(['--tls-cert', join(dir, 'none.pem'), '--tls-key', key]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/cannot read the TLS certificate file/);
  });
});
