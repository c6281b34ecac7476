/**
 * The technician channels as the renderer meets them, through dispatch and the real
 * device services of a temporary data folder: nothing technical answers before a
 * PIN, the first PIN opens a session, wrong PINs lock after five tries (and stay
 * locked across a restart), and a saved printer lands in the device config.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '#ipc/validate.ts';
import { createDeviceServices } from '#services/device-services.ts';

const sink = { write: () => true };

async function services(dataDir?: string, demoMode = false) {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'doorstep-tech-')));
  const s = createDeviceServices({
    dataDir: dir,
    demoCatalogPath: '/nonexistent.json',
    appInfo: { version: '1.0.0', runtime: 'browser' },
    stderr: sink,
    demoMode,
  });
  return { dir, call: (channel: string, request: unknown = null) => dispatch(s.handlers, channel, request) };
}

describe('technician channels', () => {
  it('on a fresh station device, ask for setup and refuse technician actions until a PIN is set', async () => {
    const { call } = await services();
    expect(await call('setup:getState')).toEqual({
      ok: true,
      value: {
        enrolled: false,
        setupRequired: true,
        displayId: null,
        pinConfigured: false,
        sessionActive: false,
        retryAfterMs: 0,
      },
    });
    for (const [channel, request] of [
      ['printer:configure', { kind: 'none' }],
      ['setup:enrol', { districtUrl: 'x', code: 'y' }],
      ['diagnostics:get', null],
      ['diagnostics:export', { folder: '/tmp' }],
      ['displays:choose', { id: null }],
    ] as const) {
      expect(await call(channel, request), channel).toMatchObject({
        ok: false,
        error: { code: 'technician_pin_required' },
      });
    }
  });

  it('closes the program only within a technician session, and only where there is a program to close', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doorstep-tech-'));
    let quits = 0;
    const withQuit = createDeviceServices({
      dataDir: dir,
      demoCatalogPath: '/nonexistent.json',
      appInfo: { version: '1.0.0', runtime: 'electron' },
      stderr: sink,
      demoMode: false,
      quitApp: () => quits++,
    });
    const call = (channel: string, request: unknown = null) => dispatch(withQuit.handlers, channel, request);
    expect(await call('app:quit')).toMatchObject({ ok: false, error: { code: 'technician_pin_required' } });
    expect(quits).toBe(0);
    await call('technician:setPin', { pin: '246810' });
    expect(await call('app:quit')).toEqual({ ok: true, value: null });
    expect(quits).toBe(1);

    const browser = await services();
    await browser.call('technician:setPin', { pin: '246810' });
    expect(await browser.call('app:quit')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('a demo device does not ask for setup', async () => {
    const { call } = await services(undefined, true);
    expect(await call('setup:getState')).toMatchObject({ ok: true, value: { setupRequired: false } });
  });

  it('refuses a weak first PIN, and a good one opens a session that saves the printer', async () => {
    const { call, dir } = await services();
    expect(await call('technician:setPin', { pin: '123456' })).toMatchObject({
      ok: false,
      error: { code: 'technician_pin_weak' },
    });
    expect(await call('technician:setPin', { pin: '246810' })).toEqual({ ok: true, value: null });
    expect(await call('printer:configure', { kind: 'network', host: '10.0.0.9', port: 9100 })).toEqual({
      ok: true,
      value: null,
    });
    const config = JSON.parse(await readFile(join(dir, 'device-config.json'), 'utf8')) as { printer: unknown };
    expect(config.printer).toEqual({ kind: 'network', host: '10.0.0.9', port: 9100 });
    const stored = await readFile(join(dir, 'technician-pin.json'), 'utf8');
    expect(stored).not.toContain('246810');
  });

  it('locks after five wrong PINs, also after a restart, and then ignores even the right PIN', async () => {
    const { call, dir } = await services();
    await call('technician:setPin', { pin: '246810' });
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push((await call('technician:verifyPin', { pin: '975310' })) as { ok: true; value: { outcome: string } });
    expect(answers.map((a) => a.value.outcome)).toEqual([
      'wrong-pin',
      'wrong-pin',
      'wrong-pin',
      'wrong-pin',
      'locked-out',
    ]);
    const restarted = await services(dir);
    expect(await restarted.call('technician:verifyPin', { pin: '246810' })).toMatchObject({
      ok: true,
      value: { outcome: 'locked-out' },
    });
    expect(await restarted.call('diagnostics:get')).toMatchObject({
      ok: false,
      error: { code: 'technician_locked_out' },
    });
    expect(await restarted.call('technician:setPin', { pin: '135792' })).toMatchObject({
      ok: false,
      error: { code: 'technician_pin_required' },
    });
  });

  it('explains an unreachable district and a bad address in enrolment', async () => {
    const { call } = await services();
    await call('technician:setPin', { pin: '246810' });
    expect(await call('setup:enrol', { districtUrl: 'http://127.0.0.1:1', code: 'AAAA-BBBB-CCCC' })).toMatchObject({
      ok: false,
      error: { code: 'district_unreachable' },
    });
    expect(await call('setup:enrol', { districtUrl: 'district.example/path', code: 'AAAA-BBBB-CCCC' })).toMatchObject({
      ok: false,
      error: { code: 'district_url_invalid' },
    });
  });

  it('lists this screen in the browser host and remembers the choice', async () => {
    const { call } = await services();
    await call('technician:setPin', { pin: '246810' });
    expect(await call('displays:list')).toEqual({
      ok: true,
      value: [{ id: 'this-screen', label: 'this screen', primary: true }],
    });
    await call('displays:choose', { id: 'this-screen' });
    expect(await call('setup:getState')).toMatchObject({
      ok: true,
      value: { displayId: 'this-screen', sessionActive: true },
    });
  });
});
