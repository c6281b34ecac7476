/** A district answer that was not 2xx, with the district's `error.code` so callers can act on the cause. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** The district's `error.code`, when the body had one. */
    readonly code: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The `error.code` of a district error body (`{"error":{"code":…}}`), or null. */
export function errorCode(text: string): string | null {
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
  } catch {
    return null;
  }
}

/** Reads a failed response into an HttpError (the body is cut short: it only goes to logs and diagnostics). */
export async function httpErrorOf(response: Response, what = ''): Promise<HttpError> {
  const text = await response.text().catch(() => '');
  return new HttpError(response.status, errorCode(text), `${what}${response.status} ${text.slice(0, 300)}`);
}

/**
 * Whether a failure means the district refuses this device's credential, as opposed to
 * a network or server fault. The district's device auth answers 401 with
 * `credential_revoked` (the district switched this device off) or `credential_unknown`
 * (it has no record of it, e.g. its database was rebuilt). Neither heals by retrying:
 * only a technician re-enrolling the device does, so the screens say so.
 */
export function credentialRefusal(error: unknown): 'revoked' | 'unrecognised' | null {
  if (!(error instanceof HttpError) || error.status !== 401) return null;
  if (error.code === 'credential_revoked') return 'revoked';
  if (error.code === 'credential_unknown') return 'unrecognised';
  return null;
}
