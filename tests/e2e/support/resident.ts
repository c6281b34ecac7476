/** Steps a resident takes, shared by the e2e specs and the benchmark. */
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Lang } from '#protocol/languages.ts';
import { SCREENSHOT_DIR } from './paths.ts';

export async function waitForHome(page: Page): Promise<void> {
  await expect(page.getByTestId('screen-home')).toBeVisible({ timeout: 20_000 });
}

export async function chooseLanguage(page: Page, lang: Lang): Promise<void> {
  await page.getByTestId(`lang-${lang}`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** Home → category → service → detail screen. */
export async function openService(page: Page, category: string, serviceId: string): Promise<void> {
  await page.getByTestId(`category-${category}`).click();
  await expect(page.getByTestId('screen-services')).toBeVisible();
  await page.getByTestId(`service-${serviceId}`).click();
  await expect(page.getByTestId('screen-detail')).toBeVisible();
}

/** Taps "take a number" and returns the number shown on the ticket screen. */
export async function takeNumber(page: Page): Promise<string> {
  await page.getByTestId('take-number').click();
  const number = page.getByTestId('ticket-number');
  await expect(number).toHaveText(/^[A-Z]\d{3}$/);
  return (await number.textContent()) ?? '';
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path });
}

/** Reads every document of one local collection straight from IndexedDB, as the device stores it. */
export async function readLocalCollection(page: Page, collection: string): Promise<Record<string, unknown>[]> {
  return page.evaluate(async (name) => {
    const dbs = await indexedDB.databases();
    const match = dbs.find((d) => d.name?.includes('doorstep-kiosk') && d.name.includes(`--${name}`));
    if (!match?.name) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(match.name!);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const storeName = [...db.objectStoreNames].find((s) => s === 'docs') ?? db.objectStoreNames[0]!;
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const req = db.transaction(storeName).objectStore(storeName).getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return rows as Record<string, unknown>[];
  }, collection);
}
