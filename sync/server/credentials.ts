/**
 * Secrets the server hands out. Only their sha256 is stored: a leaked database
 * does not let anyone act as a device or redeem a code.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { normalizeEnrolmentCode } from '#protocol/enrolment.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_GROUPS = 3;
const CODE_GROUP_LENGTH = 4;

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A device credential: 32 random bytes, base64url, with a prefix that makes it recognisable in a leak scan. */
export function newCredential(): string {
  return `dsk_${randomBytes(32).toString('base64url')}`;
}

/** A one-time enrolment code like `7K2Q-M9XD-4TRB` (60 random bits), easy to read aloud and type. */
export function newEnrolmentCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < CODE_GROUPS; g++) {
    let group = '';
    for (let i = 0; i < CODE_GROUP_LENGTH; i++) group += CROCKFORD[randomInt(CROCKFORD.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** The stored form of an enrolment code, after forgiving the usual typing mistakes. */
export function enrolmentCodeHash(code: string): string {
  return sha256Hex(normalizeEnrolmentCode(code));
}

/** Compares two secrets in constant time (hashing first makes the lengths equal). */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}
