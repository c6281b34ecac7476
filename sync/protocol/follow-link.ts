/**
 * The "follow your turn" link a ticket's QR code carries:
 * `<district public URL>/t/<ticketId>.<token>`, where the token is
 * base64url(HMAC-SHA256(station follow key, ticketId)) cut to 128 bits.
 *
 * The device computes the token offline from its station's key (the district keeps
 * one random key per station and hands it to the station's devices); the district
 * recomputes it to check a link. 128 bits: a guesser who knows a ticket id still
 * faces 2^128 tokens, and the rate-limited page answers a wrong token exactly as an
 * unknown ticket. Runtime-free: the caller passes WebCrypto's `subtle` (the
 * browser's and Node's are the same API).
 */
import { API_PREFIX } from './api.ts';

/** Path prefix of the phone page on the district server. */
export const FOLLOW_PATH_PREFIX = '/t/';

/** Device route that hands an enrolled device its station's follow key (device credential). */
export const FOLLOW_KEY_PATH = `${API_PREFIX}/follow-key`;

/** Bytes of the token kept from the HMAC: 128 bits. */
export const FOLLOW_TOKEN_BYTES = 16;
/** Characters of the token in base64url (no padding). */
export const FOLLOW_TOKEN_LENGTH = Math.ceil((FOLLOW_TOKEN_BYTES * 4) / 3);
/** Bytes of a station's follow key. */
export const FOLLOW_KEY_BYTES = 32;

/** `<ticketId>.<token>`: ticket ids are UUIDs (or test ids) without dots, tokens are base64url. */
export const FOLLOW_REF_PATTERN = new RegExp(`^([A-Za-z0-9_-]{1,64})\\.([A-Za-z0-9_-]{${FOLLOW_TOKEN_LENGTH}})$`);

/** What GET FOLLOW_KEY_PATH answers. */
export interface FollowKeyResponse {
  /** The station's key, base64url of FOLLOW_KEY_BYTES bytes. */
  key: string;
  /** Where phones reach the district (its public address), without a trailing slash. */
  publicUrl: string;
}

/** The little of WebCrypto's SubtleCrypto the token needs (both the browser's and Node's satisfy it). */
export interface HmacSubtle {
  importKey(
    format: 'raw',
    keyData: Uint8Array<ArrayBuffer>,
    algorithm: { name: 'HMAC'; hash: 'SHA-256' },
    extractable: false,
    keyUsages: ['sign'],
  ): Promise<unknown>;
  sign(algorithm: 'HMAC', key: never, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

/** Decodes base64url (no padding); null for anything else. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const ch of text) {
    value = (value << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/** UTF-8 bytes of a string (this module has no TextEncoder: it is typed for no runtime). */
function utf8(text: string): Uint8Array<ArrayBuffer> {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

/** The token of one ticket under a station's key (base64url key text, as FollowKeyResponse carries it). */
export async function followToken(subtle: HmacSubtle, key: string, ticketId: string): Promise<string> {
  const raw = fromBase64Url(key);
  if (!raw || raw.length < 16) throw new Error('the follow key is not base64url of at least 16 bytes');
  const cryptoKey = await subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await subtle.sign('HMAC', cryptoKey as never, utf8(ticketId));
  return toBase64Url(new Uint8Array(mac).slice(0, FOLLOW_TOKEN_BYTES));
}

/** The link a ticket's QR code carries. */
export function followUrl(publicUrl: string, ticketId: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${FOLLOW_PATH_PREFIX}${encodeURIComponent(ticketId)}.${token}`;
}

/** Splits `<ticketId>.<token>`; null when it is not that shape. */
export function parseFollowRef(ref: string): { ticketId: string; token: string } | null {
  const match = FOLLOW_REF_PATTERN.exec(ref);
  return match ? { ticketId: match[1]!, token: match[2]! } : null;
}
