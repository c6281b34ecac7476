/**
 * Enrolling this device with a district server: trade a one-time code for the
 * device's own credential, then take on the identity the district gave it (device
 * id, station, role, ticket-issuing slot). Plain Node, so it is tested against the
 * real server without Electron.
 */
import { ENROL_PATH, PROTOCOL_HEADER, PROTOCOL_VERSION, type ErrorBody } from '#protocol/api.ts';
import type { EnrolRequest, EnrolResponse } from '#protocol/enrolment.ts';
import { checkTransport, type TransportContext } from '#security/transport-policy.ts';
import type { ConfigStore } from './config-store.ts';
import type { CredentialStore } from './credential-store.ts';

export class EnrolmentError extends Error {
  constructor(
    /** The district's error code, or 'district_unreachable' / 'district_url_invalid'. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EnrolmentError';
  }
}

export interface EnrolDeps {
  configStore: Pick<ConfigStore, 'update'>;
  credentialStore: Pick<CredentialStore, 'save'>;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Whether plain http:// may be used (electron/security/transport-policy.ts); default: a checkout, not allowed. */
  transport?: TransportContext;
}

/** Normalises a typed district address ("district.example:8443" → "https://district.example:8443"). */
export function normaliseDistrictUrl(input: string): string {
  const text = input.trim();
  const withScheme = /^https?:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new EnrolmentError('district_url_invalid', `"${input}" is not a server address`);
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new EnrolmentError('district_url_invalid', `give only the server address, without a path: ${url.origin}`);
  }
  return url.origin;
}

/**
 * Trades a one-time code for a credential at the district, and nothing else: the
 * caller decides where the credential goes (the device's own, or the station hub's).
 */
export async function redeemEnrolmentCode(
  districtUrl: string,
  request: EnrolRequest,
  deps: Pick<EnrolDeps, 'fetch' | 'transport'>,
): Promise<EnrolResponse & { districtUrl: string }> {
  const base = normaliseDistrictUrl(districtUrl);
  const transport = deps.transport ?? { packaged: false, allowInsecureHttp: false };
  if (!checkTransport(base, transport).ok) {
    throw new EnrolmentError(
      'district_insecure',
      `${base} is plain http:// on another machine: use https://, or allow unencrypted http:// in setup`,
    );
  }
  const doFetch = deps.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${base}${ENROL_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new EnrolmentError(
      'district_unreachable',
      `cannot reach the district server at ${base}: ${(error as Error).message}`,
    );
  }
  const body = (await response.json().catch(() => null)) as EnrolResponse | ErrorBody | null;
  if (!response.ok || !body || 'error' in body) {
    const error =
      body && 'error' in body ? body.error : { code: 'unexpected_response', message: `HTTP ${response.status}` };
    throw new EnrolmentError(error.code, error.message);
  }
  return { ...body, districtUrl: base };
}

/** Enrols the device; on success its config and credential are stored and returned. */
export async function enrolDevice(
  districtUrl: string,
  request: EnrolRequest,
  deps: EnrolDeps,
): Promise<EnrolResponse & { districtUrl: string }> {
  const transport = deps.transport ?? { packaged: false, allowInsecureHttp: false };
  const { districtUrl: base, ...body } = await redeemEnrolmentCode(districtUrl, request, deps);
  await deps.credentialStore.save({
    districtUrl: base,
    deviceId: body.deviceId,
    stationId: body.stationId,
    credential: body.credential,
    enrolledAt: (deps.now ?? (() => new Date()))().toISOString(),
    ...(transport.allowInsecureHttp && { allowInsecureHttp: true }),
  });
  await deps.configStore.update({
    deviceId: body.deviceId,
    stationId: body.stationId,
    role: body.role,
    issuingSlot: body.issuingSlot,
    issuingSlots: body.issuingSlots,
    districtUrl: base,
    // A new identity starts without a hub: the old station's hub would not prove itself to it.
    hubUrl: null,
    isHub: false,
  });
  return { ...body, districtUrl: base };
}
