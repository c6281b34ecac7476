/**
 * Keeps each device's reported app version (APP_VERSION_HEADER) for the console's
 * device list. Its own hook, after device authentication, so the authentication
 * path stays as it is. Cheap on purpose: the version a device last reported is
 * remembered per instance, so the database hears of it only when it changes (once
 * per device and instance after a start, then after each update of the app).
 */
import type { onRequestAsyncHookHandler } from 'fastify';
import { APP_VERSION_HEADER, parseAppVersion } from '#protocol/api.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';

/** Bounds the memory of a long-running instance; a whole city is about 20,000 devices. */
const MAX_REMEMBERED = 50_000;

/** onRequest hook: stores a device's app version when it differs from the one it last sent. */
export function reportAppVersion(repo: DistrictRepository): onRequestAsyncHookHandler {
  const reported = new Map<string, string>();
  return async (request) => {
    const device = request.device;
    const version = parseAppVersion(request.headers[APP_VERSION_HEADER]);
    if (!device || version === null || reported.get(device.id) === version) return;
    if (device.appVersion !== version) await repo.devices.noteAppVersion(device.id, version);
    if (reported.size >= MAX_REMEMBERED) reported.clear();
    reported.set(device.id, version);
  };
}
