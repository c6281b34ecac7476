/**
 * The console's one way to the district server: JSON over fetch with the session
 * cookie (sent by the browser, never readable by scripts) and, on every change,
 * the session's CSRF token in a header.
 */
import { CONSOLE_API_PREFIX, type ErrorBody, type ErrorCode } from '#protocol/api.ts';

/** A refused request, with the server's code and details for the person who can act. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** A `key=value` detail, e.g. attemptsLeft=4. */
  detail(key: string): string | undefined {
    return this.details.find((d) => d.startsWith(`${key}=`))?.slice(key.length + 1);
  }
}

let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${CONSOLE_API_PREFIX}${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new ApiError(0, 'network', (error as Error).message);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (!response.ok) {
    const parsed = (text ? JSON.parse(text) : null) as ErrorBody | null;
    throw new ApiError(
      response.status,
      parsed?.error.code ?? 'internal_error',
      parsed?.error.message ?? response.statusText,
      parsed?.error.details,
    );
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** Query string of the set values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') q.set(key, String(value));
  const text = q.toString();
  return text ? `?${text}` : '';
}
