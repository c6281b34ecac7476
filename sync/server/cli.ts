/**
 * The district server's command line:
 *
 *   serve [--port 8787] [--host 0.0.0.0] [--data-dir .data/district] [--updates-dir <folder>]
 *         [--tls-cert cert.pem --tls-key key.pem]
 *   station create <id> --name <name> [--street <街镇>]   station list
 *   operators add <username> --role admin|supervisor|viewer [--name <name>] [--street <街镇>]
 *       (password from OPERATOR_PASSWORD, else the first line of stdin)      operators list
 *   enrol-code <stationId> [--slot N] [--slots M] [--role kiosk|counter|display] [--expires-in-hours H]
 *   catalog import <file.json|file.yaml>
 *   device revoke <deviceId>                 device list [--station <id>]
 *   updates publish <artifact…> --version X [--channel latest] [--staging 20] [--updates-dir <folder>]
 *
 * Storage: PostgreSQL when DATABASE_URL is set, else PGlite in --data-dir.
 * ADMIN_TOKEN turns on the admin API of `serve`; LIMIT_* and *_TIMEOUT_MS change its limits
 * (http/limits.ts). Add --json for machine-readable output.
 * Commands other than `serve` work on the database directly; with PGlite, stop the
 * server first (the data directory is locked) or use the admin API.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { ENROLMENT_CODE_TTL_DAYS_DEFAULT, isDeviceRole } from '#protocol/enrolment.ts';
import { validateCatalogForImport } from './catalog-import.ts';
import { isOperatorRole } from '#protocol/operator-roles.ts';
import { publishUpdate, PublishError, type UpdateArch, type UpdatePlatform } from './updates/publish.ts';
import { DomainError } from './errors.ts';
import { LIMIT_ENV, limitsFromEnv } from './http/limits.ts';
import { printable, printableJson } from './printable.ts';
import { createLogger } from './logger.ts';
import { openRepository } from './repositories/open.ts';
import type { DistrictRepository } from './repositories/repository.ts';
import { startDistrictServer, type DistrictServer } from './server.ts';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '0.0.0.0';
export const DEFAULT_DATA_DIR = '.data/district';

const USAGE = `usage: district <command>
  serve [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--data-dir ${DEFAULT_DATA_DIR}] [--updates-dir <folder>]
        [--tls-cert <cert.pem> --tls-key <key.pem>]
  station create <id> --name <name> [--street <street>]
  station list
  operators add <username> --role admin|supervisor|viewer [--name <name>] [--street <street>]
  operators list
  enrol-code <stationId> [--slot 0] [--slots 1] [--role kiosk|counter|display] [--hub] [--expires-in-hours ${ENROLMENT_CODE_TTL_DAYS_DEFAULT * 24}]
  catalog import <file.json|file.yaml>
  device revoke <deviceId>
  device list [--station <id>]
  updates publish <artifact…> --version <x.y.z> [--channel latest] [--staging 0-100] [--platform linux|windows] [--arch x64|arm64]
options: --data-dir <dir> (PGlite storage when DATABASE_URL is unset), --updates-dir <dir> (kiosk updates served under /updates), --json
env: DATABASE_URL, ADMIN_TOKEN, LOG_LEVEL, UPDATES_DIR, OPERATOR_PASSWORD, TLS_CERT_FILE, TLS_KEY_FILE,
  PUBLIC_URL (where residents' phones reach the district, for the links on tickets),
  ${Object.values(LIMIT_ENV).join(', ')}
`;

/** Where the CLI writes, and what it reads from the environment; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** The first line of standard input (an operator's password when OPERATOR_PASSWORD is unset). */
  readLine?: () => Promise<string>;
}

class UsageError extends Error {}

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  name: { type: 'string' },
  slot: { type: 'string' },
  slots: { type: 'string' },
  role: { type: 'string' },
  'expires-in-hours': { type: 'string' },
  station: { type: 'string' },
  street: { type: 'string' },
  'updates-dir': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  version: { type: 'string' },
  channel: { type: 'string' },
  staging: { type: 'string' },
  platform: { type: 'string' },
  arch: { type: 'string' },
  json: { type: 'boolean' },
  // enrol-code: the station's hub (sync/README.md, "Station hub").
  hub: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function integerOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

async function readCatalogFile(file: string): Promise<unknown> {
  const text = await readFile(resolve(file), 'utf8');
  const yaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase());
  try {
    return yaml ? (parseYaml(text, { maxAliasCount: 100 }) as unknown) : (JSON.parse(text) as unknown);
  } catch (error) {
    throw new DomainError(
      400,
      yaml ? 'invalid_yaml' : 'invalid_json',
      `${file} is not valid ${yaml ? 'YAML' : 'JSON'}: ${(error as Error).message}`,
    );
  }
}

/**
 * Runs one command. Resolves to the exit code; for `serve` it resolves once the
 * server listens, and `onServe` receives it (the caller decides how to stop it).
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  onServe?: (server: DistrictServer) => void,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    (values.help ? io.stdout : io.stderr)(USAGE);
    return values.help ? 0 : 2;
  }
  const dataDir = values['data-dir'] ?? DEFAULT_DATA_DIR;
  const databaseUrl = io.env.DATABASE_URL || undefined;
  const updatesDir = values['updates-dir'] ?? (io.env.UPDATES_DIR || undefined);
  const print = (human: string, data: unknown) => io.stdout(values.json ? `${printableJson(data)}\n` : `${human}\n`);

  try {
    if (command === 'serve') {
      const certFile = values['tls-cert'] ?? (io.env.TLS_CERT_FILE || undefined);
      const keyFile = values['tls-key'] ?? (io.env.TLS_KEY_FILE || undefined);
      if ((certFile === undefined) !== (keyFile === undefined))
        throw new UsageError('give both --tls-cert and --tls-key (or TLS_CERT_FILE and TLS_KEY_FILE), or neither');
      let limits;
      try {
        limits = limitsFromEnv(io.env);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const publicUrl = io.env.PUBLIC_URL || undefined;
      if (publicUrl !== undefined && !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(publicUrl))
        throw new UsageError(
          `PUBLIC_URL must be an http(s) address such as https://queue.example.gov.cn, got "${publicUrl}"`,
        );
      const server = await startDistrictServer({
        port: integerOption(values.port ?? io.env.PORT, 'port', DEFAULT_PORT),
        host: values.host ?? io.env.HOST ?? DEFAULT_HOST,
        databaseUrl,
        dataDir: databaseUrl ? undefined : dataDir,
        adminToken: io.env.ADMIN_TOKEN || undefined,
        logger: createLogger({ level: io.env.LOG_LEVEL ?? 'info' }),
        updatesDir: updatesDir === undefined ? undefined : resolve(updatesDir),
        limits,
        tls: certFile && keyFile ? { certFile: resolve(certFile), keyFile: resolve(keyFile) } : undefined,
        ...(publicUrl !== undefined && { publicUrl }),
      });
      onServe?.(server);
      return 0;
    }

    const run = async (fn: (repo: DistrictRepository) => Promise<void>) => {
      const log = createLogger({ level: io.env.LOG_LEVEL ?? 'warn' }, 2);
      const repo = await openRepository({ databaseUrl, dataDir: databaseUrl ? undefined : dataDir, log });
      try {
        await fn(repo);
      } finally {
        await repo.close();
      }
    };

    switch (`${command} ${command === 'enrol-code' ? '' : (sub ?? '')}`.trim()) {
      case 'station create':
        await run(async (repo) => {
          const station = await repo.stations.create({
            id: required(arg, 'station id'),
            name: required(values.name, '--name'),
            street: values.street,
          });
          print(`created station ${printable(station.id)} (${printable(station.name)})`, station);
        });
        return 0;
      case 'station list':
        await run(async (repo) => {
          const stations = await repo.stations.list();
          print(
            stations.map((s) => `${printable(s.id)}\t${printable(s.name)}`).join('\n') || '(no stations)',
            stations,
          );
        });
        return 0;
      case 'operators add': {
        const role = values.role ?? '';
        if (!isOperatorRole(role)) throw new UsageError(`--role must be admin, supervisor or viewer, got "${role}"`);
        const username = required(arg, 'username');
        const password = io.env.OPERATOR_PASSWORD || (await io.readLine?.())?.trim() || '';
        if (!password) throw new UsageError('give the password in OPERATOR_PASSWORD or on standard input');
        await run(async (repo) => {
          const operator = await repo.audited(
            (tx) =>
              repo.operators.create(
                { username, displayName: values.name ?? username, role, street: values.street, password },
                tx,
              ),
            (account) => ({
              actor: 'cli',
              action: 'operator_created',
              targetType: 'operator',
              targetId: account.username,
              stationId: '',
              before: null,
              after: { username: account.username, role: account.role, street: account.street },
            }),
          );
          print(
            `created ${operator.role} ${operator.username}${operator.street ? ` (street ${operator.street})` : ''}`,
            operator,
          );
        });
        return 0;
      }
      case 'operators list':
        await run(async (repo) => {
          const operators = await repo.operators.list();
          print(
            operators
              .map((o) => `${o.username}\t${o.role}\t${o.street || '-'}\t${o.disabled ? 'disabled' : 'active'}`)
              .join('\n') || '(no operators)',
            operators,
          );
        });
        return 0;
      case 'enrol-code': {
        // The hub writes nothing in its own name: it enrols as a display, without an issuing slot.
        const role = values.hub ? 'display' : (values.role ?? 'kiosk');
        if (!isDeviceRole(role)) throw new UsageError(`--role must be kiosk, counter or display, got "${role}"`);
        await run(async (repo) => {
          const issued = await repo.enrolment.createCode({
            stationId: required(sub, 'station id'),
            role,
            hub: values.hub === true,
            issuingSlot: integerOption(values.slot, 'slot', 0),
            issuingSlots: integerOption(values.slots, 'slots', 1),
            ttlMs:
              integerOption(values['expires-in-hours'], 'expires-in-hours', ENROLMENT_CODE_TTL_DAYS_DEFAULT * 24) *
              3_600_000,
          });
          print(
            `enrolment code for station ${printable(issued.stationId)} (${issued.role}, issuing slot ${issued.issuingSlot} of ${issued.issuingSlots}):\n\n` +
              `    ${issued.code}\n\nvalid once, until ${issued.expiresAt}`,
            issued,
          );
        });
        return 0;
      }
      case 'catalog import': {
        const catalog = validateCatalogForImport(await readCatalogFile(required(arg, 'catalog file')));
        await run(async (repo) => {
          const summary = await repo.catalog.import(catalog);
          const s = summary.services;
          print(
            `imported the catalog of station ${printable(summary.stationId)}: services ${s.inserted} new, ${s.updated} changed, ` +
              `${s.unchanged} unchanged, ${s.deleted} removed`,
            summary,
          );
        });
        return 0;
      }
      case 'device revoke':
        await run(async (repo) => {
          const device = await repo.devices.revoke(required(arg, 'device id'));
          print(
            `revoked device ${printable(device.id)} of station ${printable(device.stationId)} (at ${device.revokedAt ?? '?'})`,
            device,
          );
        });
        return 0;
      case 'device list':
        await run(async (repo) => {
          const devices = await repo.devices.list(values.station ? { stationId: values.station } : {});
          print(
            devices
              .map(
                (d) =>
                  `${printable(d.id)}\t${printable(d.stationId)}\t${d.role}\tslot ${d.issuingSlot}/${d.issuingSlots}\t${d.revokedAt ? 'revoked' : 'active'}\t${printable(d.name)}`,
              )
              .join('\n') || '(no devices)',
            devices,
          );
        });
        return 0;
      case 'updates publish': {
        const platform = values.platform;
        if (platform !== undefined && platform !== 'linux' && platform !== 'windows')
          throw new UsageError(`--platform must be linux or windows, got "${platform}"`);
        const arch = values.arch;
        if (arch !== undefined && arch !== 'x64' && arch !== 'arm64')
          throw new UsageError(`--arch must be x64 or arm64, got "${arch}"`);
        const published = await publishUpdate({
          updatesDir: resolve(required(updatesDir, '--updates-dir (or UPDATES_DIR)')),
          files: positionals.slice(2).map((file) => resolve(file)),
          version: required(values.version, '--version'),
          channel: values.channel,
          stagingPercentage: values.staging === undefined ? undefined : integerOption(values.staging, 'staging', 100),
          platform: platform as UpdatePlatform | undefined,
          arch: arch as UpdateArch | undefined,
        });
        const { content } = published;
        print(
          `published ${printable(content.version)} to ${printable(published.channelFilePath)}` +
            ` (${content.stagingPercentage === undefined ? 'every device' : `${content.stagingPercentage}% of devices`}):\n` +
            content.files.map((f) => `  ${printable(f.url)}  ${f.size} bytes  sha512 ${f.sha512}`).join('\n'),
          published,
        );
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${printable(positionals.join(' '))}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${printable(error.message)}\n${USAGE}`);
      return 2;
    }
    if (error instanceof PublishError) {
      io.stderr(`error: ${printable(error.message)}\n`);
      return 1;
    }
    if (error instanceof DomainError) {
      io.stderr(
        `error: ${printable(error.message)}\n${(error.details ?? []).map((d) => `  - ${printable(d)}\n`).join('')}`,
      );
      return 1;
    }
    io.stderr(`error: ${printable((error as Error).message)}\n`);
    return 1;
  }
}

/** Stops the server on SIGINT/SIGTERM; a second signal exits at once. */
function stopOnSignals(server: DistrictServer): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    readLine: async () => {
      const { createInterface } = await import('node:readline');
      const lines = createInterface({ input: process.stdin });
      for await (const line of lines) {
        lines.close();
        return line;
      }
      return '';
    },
  };
  const code = await runCli(process.argv.slice(2), io, stopOnSignals);
  if (process.argv[2] !== 'serve' || code !== 0) process.exitCode = code;
}
