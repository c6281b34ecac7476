/**
 * The "follow your turn" link of each ticket, made on the device with no network
 * (sync/protocol/follow-link.ts): the district gives an enrolled device its
 * station's follow key and its public address once (GET /api/v1/follow-key), the
 * device keeps both in its data folder, and signs every ticket's link itself from
 * then on — so a kiosk that is offline still prints a working QR code.
 *
 * The district's public address is where residents' phones reach it (the
 * district's PUBLIC_URL; without one, the address this device enrolled with). It is
 * cached with the key, in `follow-key.json`, readable only by the app's user like
 * the credential: whoever holds the key can make links for this station's tickets.
 */
import { webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/api.ts';
import {
  FOLLOW_KEY_PATH,
  followToken,
  followUrl,
  type FollowKeyResponse,
  type HmacSubtle,
} from '#protocol/follow-link.ts';
import { checkTransport } from '#security/transport-policy.ts';
import { writeFileAtomic } from './atomic-file.ts';
import type { CredentialStore } from './credential-store.ts';

export const FOLLOW_KEY_FILE_NAME = 'follow-key.json';

/** After a failed fetch of the key, tickets go without a link for this long before the device asks again. */
export const FOLLOW_KEY_RETRY_MS = 60_000;

interface CachedKey extends FollowKeyResponse {
  /** Whose key it is: a device enrolled again (another station or district) asks again. */
  stationId: string;
  districtUrl: string;
}

export interface FollowLinksDeps {
  dataDir: string;
  credentialStore: Pick<CredentialStore, 'get'>;
  /** An installed kiosk: plain http:// to another machine only with the technician's consent. */
  packaged?: boolean;
  fetch?: typeof fetch;
  now?: () => number;
  logger?: { warn(message: string, detail?: unknown): void };
}

export interface FollowLinks {
  /**
   * The ticket's link, or null while the device has no key (not enrolled, or never
   * reached the district). Without a kept key it asks the district, waiting at most
   * `maxWaitMs` for the answer (the printer must not wait on a slow network).
   */
  linkFor(ticketId: string, options?: { maxWaitMs?: number }): Promise<string | null>;
  /** Fetches the key now if the device has none yet (at start, so the first offline ticket has a link too). */
  prefetch(): Promise<void>;
}

const subtle = webcrypto.subtle as unknown as HmacSubtle;

function isCached(data: unknown): data is CachedKey {
  const d = data as Record<string, unknown> | null;
  return !!d && ['key', 'publicUrl', 'stationId', 'districtUrl'].every((k) => typeof d[k] === 'string' && d[k] !== '');
}

export function createFollowLinks(deps: FollowLinksDeps): FollowLinks {
  const file = join(deps.dataDir, FOLLOW_KEY_FILE_NAME);
  const now = deps.now ?? Date.now;
  const doFetch = deps.fetch ?? fetch;
  let memory: CachedKey | null = null;
  let failedAt = -Infinity;
  let inFlight: Promise<CachedKey | null> | null = null;

  const readCache = async (): Promise<CachedKey | null> => {
    if (memory) return memory;
    try {
      const data: unknown = JSON.parse(await readFile(file, 'utf8'));
      return isCached(data) ? (memory = data) : null;
    } catch {
      return null;
    }
  };

  const fetchKey = async (saved: {
    districtUrl: string;
    stationId: string;
    credential: string;
    allowInsecureHttp?: boolean;
  }) => {
    const transport = { packaged: deps.packaged ?? false, allowInsecureHttp: saved.allowInsecureHttp ?? false };
    if (!checkTransport(saved.districtUrl, transport).ok) return null;
    const response = await doFetch(`${saved.districtUrl}${FOLLOW_KEY_PATH}`, {
      headers: { authorization: `Bearer ${saved.credential}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) throw new Error(`the district answered ${response.status}`);
    const body = (await response.json()) as Partial<FollowKeyResponse>;
    const cached = {
      key: body.key,
      publicUrl: body.publicUrl,
      stationId: saved.stationId,
      districtUrl: saved.districtUrl,
    };
    if (!isCached(cached)) throw new Error('the district sent no follow key');
    await writeFileAtomic(file, JSON.stringify(cached, null, 2) + '\n', { mode: 0o600 });
    return (memory = cached);
  };

  const key = async (maxWaitMs = Infinity): Promise<CachedKey | null> => {
    const saved = await deps.credentialStore.get().catch(() => null);
    if (!saved) return null;
    const cached = await readCache();
    if (cached && cached.stationId === saved.stationId && cached.districtUrl === saved.districtUrl) return cached;
    if (now() - failedAt < FOLLOW_KEY_RETRY_MS) return null;
    inFlight ??= fetchKey(saved)
      .catch((error: unknown) => {
        failedAt = now();
        deps.logger?.warn('could not fetch the follow key; tickets print without a phone link for now', {
          message: (error as Error).message,
        });
        return null;
      })
      .finally(() => {
        inFlight = null;
      });
    if (maxWaitMs === Infinity) return inFlight;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), maxWaitMs);
    });
    try {
      return await Promise.race([inFlight, late]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async linkFor(ticketId, options = {}) {
      const found = await key(options.maxWaitMs);
      return found ? followUrl(found.publicUrl, ticketId, await followToken(subtle, found.key, ticketId)) : null;
    },
    async prefetch() {
      await key();
    },
  };
}
