/** Operator passwords: argon2id (memory-hard, slow on purpose), stored as a PHC string. */
import { hash, verify } from '@node-rs/argon2';

/** Long enough that the lockout, not guessing, is what an attacker meets. */
export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  // @node-rs/argon2 defaults to argon2id, 19 MiB, 2 passes: the OWASP baseline.
  return hash(password);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a password nobody has, verified when the username is unknown, so an
 * unknown name takes as long to refuse as a wrong password.
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hash('no operator has this password');
  return dummy;
}
