/**
 * Operator accounts, their sessions and sign-in failures. Sessions live in the
 * database, not in one process's memory, so any server instance can serve a
 * signed-in operator; only the sha256 of a session cookie is stored.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '#server/db/db.ts';
import { sha256Hex } from '#server/credentials.ts';
import { DomainError } from '#server/errors.ts';
import { dummyHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '#server/console/passwords.ts';
import { isOperatorRole, type Operator, type OperatorRole } from '#protocol/operator-roles.ts';
import { FAILURE_WINDOW_MS, LOCK_MS, locksAfterFailure, signInGate } from '#server/console/sign-in-policy.ts';
import { toIso, toNumber } from './rows.ts';

/** A session lasts a working day at most, and ends after an hour without use. */
export const SESSION_MAX_MS = 12 * 3_600_000;
export const SESSION_IDLE_MS = 3_600_000;

export interface OperatorAccount extends Operator {
  disabled: boolean;
  createdAt: string;
}

export interface NewOperator {
  username: string;
  displayName: string;
  role: OperatorRole;
  street?: string;
  password: string;
}

export type SignInResult =
  | { ok: true; operator: Operator; sessionToken: string; csrfToken: string }
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  | { ok: false; reason: 'locked' | 'throttled'; retryAfterMs: number };

export interface OperatorSession {
  operator: Operator;
  csrfToken: string;
}

interface OperatorSql {
  id: string | number;
  username: string;
  display_name: string;
  role: string;
  street: string;
  password_hash: string;
  disabled_at: unknown;
  locked_until: unknown;
  created_at: unknown;
}

const COLUMNS = 'id, username, display_name, role, street, password_hash, disabled_at, locked_until, created_at';
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,31}$/;

function toOperator(row: OperatorSql): Operator {
  if (!isOperatorRole(row.role)) throw new Error(`operator ${row.username} has an unknown role ${row.role}`);
  return {
    id: toNumber(row.id),
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    street: row.street,
  };
}

function toAccount(row: OperatorSql): OperatorAccount {
  return { ...toOperator(row), disabled: row.disabled_at !== null, createdAt: toIso(row.created_at) };
}

export interface OperatorRepository {
  /** @throws DomainError invalid_request, operator_exists */
  /** `tx`: the caller's transaction (to commit the account with its audit row). */
  create(input: NewOperator, tx?: Queryable): Promise<OperatorAccount>;
  list(): Promise<OperatorAccount[]>;
  signIn(username: string, password: string, ip: string): Promise<SignInResult>;
  /** The session of a cookie, or null; using it extends its idle time. */
  session(sessionToken: string): Promise<OperatorSession | null>;
  signOut(sessionToken: string): Promise<void>;
  /** Failed sign-ins of a username within the lockout window. */
  failures(username: string): Promise<number>;
}

export function operatorRepository(db: Queryable): OperatorRepository {
  const countFailures = async (column: 'username' | 'ip', value: string) => {
    const [row] = await db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM sign_in_failures WHERE ${column} = $1 AND at > now() - ($2::bigint * interval '1 millisecond')`,
      [value, FAILURE_WINDOW_MS],
    );
    return toNumber(row?.n ?? 0);
  };

  return {
    async create({ username, displayName, role, street = '', password }, tx = db) {
      if (!USERNAME.test(username))
        throw new DomainError(400, 'invalid_request', 'a username is 2–32 lower-case letters, digits, ".", "_" or "-"');
      if (password.length < MIN_PASSWORD_LENGTH)
        throw new DomainError(400, 'invalid_request', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
      if (role === 'supervisor' && street.trim() === '')
        throw new DomainError(400, 'invalid_request', 'a street supervisor needs the street they look after');
      const passwordHash = await hashPassword(password);
      const rows = await tx.query<OperatorSql>(
        `INSERT INTO operators (username, display_name, role, street, password_hash) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (username) DO NOTHING RETURNING ${COLUMNS}`,
        [username, displayName.trim() || username, role, role === 'supervisor' ? street.trim() : '', passwordHash],
      );
      const row = rows[0];
      if (!row) throw new DomainError(409, 'operator_exists', `operator "${username}" already exists`);
      return toAccount(row);
    },

    async list() {
      return (await db.query<OperatorSql>(`SELECT ${COLUMNS} FROM operators ORDER BY username`)).map(toAccount);
    },

    async signIn(username, password, ip) {
      const [row] = await db.query<OperatorSql>(`SELECT ${COLUMNS} FROM operators WHERE username = $1`, [username]);
      const now = Date.now();
      const gate = signInGate({
        accountFailures: await countFailures('username', username),
        addressFailures: await countFailures('ip', ip),
        lockedUntil: row?.locked_until ? new Date(toIso(row.locked_until)).getTime() : null,
        now,
      });
      if (!gate.allowed) return { ok: false, reason: gate.reason, retryAfterMs: gate.retryAfterMs };

      const good =
        row && row.disabled_at === null
          ? await verifyPassword(row.password_hash, password)
          : (await verifyPassword(await dummyHash(), password)) && false;
      if (!good || !row) {
        await db.query('INSERT INTO sign_in_failures (username, ip) VALUES ($1, $2)', [username, ip]);
        const failures = await countFailures('username', username);
        if (row && locksAfterFailure(failures)) {
          await db.query(
            `UPDATE operators SET locked_until = now() + ($2::bigint * interval '1 millisecond') WHERE id = $1`,
            [row.id, LOCK_MS],
          );
          return { ok: false, reason: 'locked', retryAfterMs: LOCK_MS };
        }
        return { ok: false, reason: 'wrong', attemptsLeft: Math.max(0, gate.attemptsLeft - 1) };
      }

      await db.query('DELETE FROM sign_in_failures WHERE username = $1', [username]);
      await db.query('UPDATE operators SET locked_until = NULL WHERE id = $1', [row.id]);
      const sessionToken = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      await db.query(
        `INSERT INTO operator_sessions (token_hash, operator_id, csrf_token, expires_at)
         VALUES ($1, $2, $3, now() + ($4::bigint * interval '1 millisecond'))`,
        [sha256Hex(sessionToken), row.id, csrfToken, SESSION_MAX_MS],
      );
      return { ok: true, operator: toOperator(row), sessionToken, csrfToken };
    },

    async session(sessionToken) {
      const rows = await db.query<OperatorSql & { csrf_token: string }>(
        `UPDATE operator_sessions s SET last_used_at = now()
         FROM operators o
         WHERE s.token_hash = $1 AND o.id = s.operator_id AND o.disabled_at IS NULL
           AND s.expires_at > now() AND s.last_used_at > now() - ($2::bigint * interval '1 millisecond')
         RETURNING o.id, o.username, o.display_name, o.role, o.street, o.password_hash, o.disabled_at,
                   o.locked_until, o.created_at, s.csrf_token`,
        [sha256Hex(sessionToken), SESSION_IDLE_MS],
      );
      const row = rows[0];
      return row ? { operator: toOperator(row), csrfToken: row.csrf_token } : null;
    },

    async signOut(sessionToken) {
      await db.query('DELETE FROM operator_sessions WHERE token_hash = $1', [sha256Hex(sessionToken)]);
    },

    failures: (username) => countFailures('username', username),
  };
}
