/** The operator's command line, against an embedded database in a temporary directory. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { runCli, type CliIo } from '#server/cli.ts';
import { openPgliteDb } from '#server/db/pglite-db.ts';
import type { DistrictServer } from '#server/server.ts';
import { catalogFile } from './helpers/fixtures.ts';

describe('district CLI', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doorstep-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const cliOn = async (db: string, ...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { LOG_LEVEL: 'silent' } };
    const code = await runCli([...args, '--data-dir', join(dir, db)], io);
    return { code, out: out.join(''), err: err.join('') };
  };
  const cli = (...args: string[]) => cliOn('db', ...args);

  it('sets up a station, enrols, imports a catalog and revokes a device', async () => {
    expect(await cli('station', 'create', 'pd-001', '--name', '花木 1 号站')).toMatchObject({
      code: 0,
      out: 'created station pd-001 (花木 1 号站)\n',
    });
    expect((await cli('station', 'list')).out).toBe('pd-001\t花木 1 号站\n');

    const issued = await cli('enrol-code', 'pd-001', '--slot', '1', '--slots', '2', '--role', 'counter', '--json');
    expect(issued.code).toBe(0);
    expect(JSON.parse(issued.out)).toMatchObject({
      stationId: 'pd-001',
      role: 'counter',
      issuingSlot: 1,
      issuingSlots: 2,
      code: expect.any(String),
    });
    expect((await cli('enrol-code', 'pd-001')).out).toMatch(
      /^enrolment code for station pd-001 \(kiosk, issuing slot 0 of 1\):\n\n {4}[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\n/,
    );

    const file = join(dir, 'catalog.yaml');
    await writeFile(file, toYaml(catalogFile('pd-001', ['gov-1'], ['own-1'])));
    expect(await cli('catalog', 'import', file)).toMatchObject({
      code: 0,
      out: expect.stringContaining('services 2 new, 0 changed, 0 unchanged, 0 removed'),
    });

    expect(await cli('device', 'list')).toMatchObject({ code: 0, out: '(no devices)\n' });
    const revoke = await cli('device', 'revoke', 'nope');
    expect(revoke).toMatchObject({ code: 1, err: 'error: no device "nope"\n' });
  });

  it('shows control characters from the database as visible escapes, never raw', async () => {
    // A name that would clear the screen and fake a line, and a direction override.
    const name = 'Evil\u001b[2J\u001b[1;1Hfake line\nsecond\u202eright';
    const created = await cliOn('db-escapes', 'station', 'create', 'pd-esc', '--name', name);
    expect(created.out).toBe('created station pd-esc (Evil\\u001b[2J\\u001b[1;1Hfake line\\u000asecond\\u202eright)\n');
    const listed = await cliOn('db-escapes', 'station', 'list');
    expect(listed.out).toContain('pd-esc\tEvil\\u001b[2J');
    expect(listed.out).not.toContain('\u001b');
    expect(listed.out).not.toContain('\u202e');
    const json = await cliOn('db-escapes', 'station', 'list', '--json');
    expect(json.out).not.toContain('\u001b');
    expect(json.out).not.toContain('\u202e');
    expect((JSON.parse(json.out) as { id: string; name: string }[]).find((st) => st.id === 'pd-esc')?.name).toBe(name);
  });

  it('explains a bad catalog file entry by entry', async () => {
    const file = join(dir, 'bad.json');
    const bad = catalogFile('pd-001', ['gov-1'], []);
    (bad.services[0] as Record<string, unknown>).queue = 'Z';
    await writeFile(file, JSON.stringify(bad));
    const res = await cli('catalog', 'import', file);
    expect(res.code).toBe(1);
    expect(res.err).toContain('- service #1 (id "gov-1"): queue "Z" is not one of the station\'s queues');
    await writeFile(file, '{"format":');
    expect((await cli('catalog', 'import', file)).err).toContain('is not valid JSON');
  });

  it('answers usage mistakes with exit code 2 and the usage', async () => {
    for (const args of [
      ['frobnicate'],
      ['station', 'create', 'x'],
      ['enrol-code', 'pd-001', '--slot', 'one'],
      ['enrol-code', 'pd-001', '--role', 'boss'],
      ['--bogus'],
    ]) {
      const res = await cli(...args);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.err, args.join(' ')).toContain('usage: district');
    }
  });

  it('refuses a data directory another open database holds', async () => {
    const held = await openPgliteDb(join(dir, 'db'));
    try {
      const res = await cli('station', 'list');
      expect(res.code).toBe(1);
      expect(res.err).toContain('is in use by process');
    } finally {
      await held.close();
    }
    expect((await cli('station', 'list')).code).toBe(0);
  });

  it('serves, and shuts down cleanly', async () => {
    let server: DistrictServer | undefined;
    const io: CliIo = {
      stdout: () => undefined,
      stderr: () => undefined,
      env: { LOG_LEVEL: 'silent', ADMIN_TOKEN: 'a-long-enough-admin-token' },
    };
    expect(
      await runCli(
        ['serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', join(dir, 'db')],
        io,
        (s) => (server = s),
      ),
    ).toBe(0);
    try {
      const health = await fetch(`${server!.url}/health`);
      expect(await health.json()).toEqual({ status: 'ok', protocol: 1, storage: 'pglite' });
      const stations = await fetch(`${server!.url}/api/v1/admin/stations`, {
        headers: { authorization: 'Bearer a-long-enough-admin-token' },
      });
      expect((await stations.json()).stations).toHaveLength(1);
    } finally {
      await server?.close();
    }
    // The data directory is free again.
    expect((await cli('station', 'list')).code).toBe(0);
  });
});
