/**
 * A real district (its own process, PGlite) with operator accounts created the
 * way a district does it (the CLI), and console pages in Chromium signed in as
 * those operators.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test as base, chromium, expect, type Browser, type Page } from '@playwright/test';
import { DistrictProcess, freePort, type Device } from './district.ts';
import { AA_AXE_TAGS, expectNoAxeViolations } from './elder-ux.ts';
import { CHROMIUM, CHROMIUM_ARGS, DEMO_CATALOG, ROOT, SCREENSHOT_DIR } from './paths.ts';

/** The console specs' `test`: the console is a web page in the operator's browser, so it runs in Chromium only. */
export const consoleTest = base.extend<{ target: string; chromiumOnly: void }>({
  target: ['chromium', { option: true }],
  chromiumOnly: [
    async ({ target }, use, testInfo) => {
      testInfo.skip(
        target !== 'chromium',
        "the district console is a web page in an operator's browser, not part of the kiosk app: it is tested in Chromium only",
      );
      await use();
    },
    { auto: true },
  ],
});

export const OPERATOR_PASSWORD = 'district-console-e2e';

/** Operators of the e2e district: the administrator, the supervisor of 花木街道, a viewer. */
export const OPERATORS = {
  admin: { role: 'admin', name: '区管理员 张敏' },
  huamu: { role: 'supervisor', name: '花木街道 李伟', street: '花木街道' },
  viewer: { role: 'viewer', name: '区领导 王刚' },
} as const;

export const DEMO_STREET = '花木街道';
export const OTHER_STREET = '陆家嘴街道';
export const OTHER_STATION = 'lujiazui-1';

function cli(dataDir: string, args: string[]): void {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'sync/server/cli.ts', ...args, '--data-dir', dataDir],
    {
      cwd: ROOT,
      env: { ...process.env, OPERATOR_PASSWORD, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`district ${args.join(' ')} failed: ${result.stderr}`);
}

/** What a console spec file's tests share, in order: one district, one browser, the device pages they open. */
export interface ConsoleFile {
  root: string;
  district: DistrictProcess;
  browser: Browser;
  /** Devices the tests open; all closed after the file's last test. */
  devices: Device[];
}

/**
 * A console district (startConsoleDistrict) and a Chromium, started before the
 * file's first test and removed after its last; the returned object is filled in
 * by then. `prepare` runs once the district is up (seeding it, say), `cleanup`
 * before it stops. Call once, at the top of a spec file.
 */
export function consoleFile(
  name: string,
  options: { prepare?(file: ConsoleFile): Promise<void>; cleanup?(): Promise<void> } = {},
): ConsoleFile {
  const file = { devices: [] as Device[] } as ConsoleFile;
  consoleTest.beforeAll(async ({ target }) => {
    if (target !== 'chromium') return;
    // One CLI run, a district start and its seeding on a shared, loaded machine.
    consoleTest.setTimeout(300_000);
    file.root = mkdtempSync(join(tmpdir(), `doorstep-${name}-`));
    file.district = await startConsoleDistrict(file.root);
    await options.prepare?.(file);
    file.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });
  consoleTest.afterAll(async () => {
    await Promise.allSettled(file.devices.map((d) => d.close()));
    await options.cleanup?.();
    await file.browser?.close();
    await file.district?.stop();
    if (file.root) rmSync(file.root, { recursive: true, force: true });
  });
  return file;
}

/** A console session from Node: the cookie and CSRF token a signed-in page holds. */
export interface ApiSession {
  url: string;
  cookie: string;
  csrf: string;
}

export async function apiSignIn(url: string, username: string): Promise<ApiSession> {
  const response = await fetch(`${url}/console/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: OPERATOR_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign in ${username}: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { url, cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

export async function apiCall<T>(s: ApiSession, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${s.url}/console/api${path}`, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/**
 * Starts a district as a district office would: the first administrator from the
 * CLI, then (signed in as them) the other operators, the demo station on 花木街道
 * with its catalog and a second station on another street.
 */
export async function startConsoleDistrict(root: string): Promise<DistrictProcess> {
  const dataDir = join(root, 'district');
  mkdirSync(dataDir, { recursive: true });
  cli(dataDir, ['operators', 'add', 'admin', '--role', 'admin', '--name', OPERATORS.admin.name]);
  const district = new DistrictProcess(dataDir, await freePort());
  await district.start();
  const s = await apiSignIn(district.url, 'admin');
  for (const [username, o] of Object.entries(OPERATORS)) {
    if (username === 'admin') continue;
    await apiCall(s, 'POST', '/operators', {
      username,
      displayName: o.name,
      role: o.role,
      password: OPERATOR_PASSWORD,
      ...('street' in o ? { street: o.street } : {}),
    });
  }
  const file = JSON.parse(readFileSync(DEMO_CATALOG, 'utf8')) as {
    station: Record<string, unknown> & { id: string };
    services: { scope: string; id: string }[];
  };
  await apiCall(s, 'POST', '/stations', { id: file.station.id, street: DEMO_STREET, doc: file.station });
  await apiCall(s, 'POST', '/catalog/import', file);
  const other = structuredClone(file);
  other.station.id = OTHER_STATION;
  other.station.name = { 'zh-Hans': '陆家嘴一号站', 'zh-Hant': '陸家嘴一號站', en: 'Lujiazui Station 1' };
  delete other.station.staff;
  other.services = other.services.filter((x) => x.scope === 'station').map((x) => ({ ...x, id: `lj-${x.id}` }));
  await apiCall(s, 'POST', '/stations', { id: OTHER_STATION, street: OTHER_STREET, doc: other.station });
  await apiCall(s, 'POST', '/catalog/import', other);
  return district;
}

export interface ConsolePage {
  page: Page;
  close(): Promise<void>;
}

/** A fresh browser context (its own cookies) on the console's sign-in page. */
export async function openConsole(
  browser: Browser,
  districtUrl: string,
  options: { viewport?: { width: number; height: number }; lang?: 'zh-Hans' | 'en' } = {},
): Promise<ConsolePage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1366, height: 768 },
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  if (options.lang)
    await page.addInitScript((lang) => localStorage.setItem('doorstep-console-lang', lang), options.lang);
  await page.goto(`${districtUrl}/console/`);
  await expect(page.getByTestId('screen-sign-in')).toBeVisible();
  return { page, close: () => context.close() };
}

export async function signIn(page: Page, username: string, password = OPERATOR_PASSWORD): Promise<void> {
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
}

export async function signedIn(page: Page, username: keyof typeof OPERATORS): Promise<void> {
  await signIn(page, username);
  await expect(page.getByTestId('who')).toContainText(OPERATORS[username].name);
}

/**
 * Waits for an editor's live check of the current draft to come back. The
 * problems it shows or clears move every control below them, so a click (a
 * button, a checkbox) sent while the form is aria-busy can land on whatever moved
 * under the pointer: CI lost an "add counter" click that way under load.
 */
export async function editorSettled(page: Page): Promise<void> {
  await expect(page.locator('form.editor-form')).not.toHaveAttribute('aria-busy', 'true');
}

/** Calls the console API from the page, as its own scripts would (cookie + CSRF token). */
export async function consoleApi(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = (await (await fetch('/console/api/session')).json()) as { csrfToken: string };
      const response = await fetch(`/console/api${path}`, {
        method,
        headers: {
          'x-csrf-token': session.csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
    { method, path, body },
  );
}

/** artifacts/screenshots/console/<size>/<lang>/<name>.png */
export async function consoleScreenshot(page: Page, name: string, lang: string): Promise<void> {
  const size = page.viewportSize();
  const path = `${SCREENSHOT_DIR}/console/${size?.width}x${size?.height}/${lang}/${name}.png`;
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: false });
}

/** axe-core at WCAG 2.2 AA with no violations: every console screen's bar. */
export function expectAccessible(page: Page, label: string): Promise<void> {
  return expectNoAxeViolations(page, label, AA_AXE_TAGS);
}
