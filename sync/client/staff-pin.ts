/**
 * Staff PINs: PBKDF2-SHA256 over Web Crypto (the same global API in browsers and Node 20),
 * base64url encoded, compared in constant time. The district hashes a PIN once; a
 * counter verifies it offline.
 */
import { PIN_ITERATIONS_MIN } from '#protocol/pin-cost.ts';
/** Iterations for new hashes: the floor the schema enforces (see sync/protocol/pin-cost.ts for the cost it buys). */
export const PIN_ITERATIONS = PIN_ITERATIONS_MIN;
export const PIN_PATTERN = /^\d{4,8}$/;

export interface PinHash {
  salt: string;
  hash: string;
  iterations: number;
}

function toBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(raw, (c: string) => c.charCodeAt(0));
}

async function derive(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

/** Hashes a PIN with a fresh random salt. */
export async function hashPin(pin: string, iterations = PIN_ITERATIONS): Promise<PinHash> {
  if (!PIN_PATTERN.test(pin)) throw new Error('a PIN is 4 to 8 digits');
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { salt: toBase64Url(salt), hash: toBase64Url(await derive(pin, salt, iterations)), iterations };
}

/** Whether `pin` matches `stored`, compared without early exit. */
export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  if (!PIN_PATTERN.test(pin)) return false;
  const actual = await derive(pin, fromBase64Url(stored.salt), stored.iterations);
  const expected = fromBase64Url(stored.hash);
  if (actual.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= actual[i]! ^ expected[i]!;
  return diff === 0;
}
