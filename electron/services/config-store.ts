/**
 * The config store: the DeviceConfig kept as JSON in `<dataDir>/device-config.json`.
 * The first start writes the defaults. A file that cannot be used is never
 * overwritten: it is kept as `device-config.json.corrupt-<time>` for a technician,
 * the device starts from the defaults, and a warning naming the bad fields goes to
 * the log. Nothing is lost.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DeviceConfig } from '#ipc/contract.ts';
import { createSerialQueue } from '#protocol/serial-queue.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { checkDeviceConfig, defaultDeviceConfig } from './device-config.ts';
import type { Logger } from './logger.ts';

export const CONFIG_FILE_NAME = 'device-config.json';

/** What happened to a config file that could not be used. */
export interface ConfigRecovery {
  /** Why the file was unusable, one problem per entry, each naming its field. */
  problems: string[];
  /** Where the unusable file was kept. */
  keptAs: string;
}

/** Thrown by `update` when the result would not be a valid config; `problems` name the fields. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid device config: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and writes the device's config; reads are cached after the first. */
export interface ConfigStore {
  readonly filePath: string;
  get(): Promise<DeviceConfig>;
  /** Changes some settings, validates the result and writes it atomically. */
  update(patch: Partial<DeviceConfig>): Promise<DeviceConfig>;
  /** Set when this start found an unusable file and started from the defaults. */
  lastRecovery(): ConfigRecovery | null;
}

export interface ConfigStoreDeps {
  dataDir: string;
  logger: Pick<Logger, 'info' | 'warn'>;
  newDeviceId?: () => string;
  now?: () => Date;
}

/** Creates the config store of a data folder. */
export function createConfigStore({
  dataDir,
  logger,
  newDeviceId = randomUUID,
  now = () => new Date(),
}: ConfigStoreDeps): ConfigStore {
  const filePath = join(dataDir, CONFIG_FILE_NAME);
  let current: Promise<DeviceConfig> | undefined;
  let recovery: ConfigRecovery | null = null;

  async function save(config: DeviceConfig): Promise<void> {
    await mkdir(dataDir, { recursive: true });
    await writeFileAtomic(filePath, JSON.stringify(config, null, 2) + '\n');
  }

  async function startFresh(): Promise<DeviceConfig> {
    const config = defaultDeviceConfig(newDeviceId());
    await save(config);
    return config;
  }

  async function keepAside(problems: string[]): Promise<DeviceConfig> {
    // File names cannot hold ':' on Windows.
    const keptAs = `${filePath}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    await rename(filePath, keptAs);
    recovery = { problems, keptAs };
    logger.warn(
      `${CONFIG_FILE_NAME} is unusable (${problems.join('; ')}); kept it as ${basename(keptAs)} and started from the defaults`,
      recovery,
    );
    return startFresh();
  }

  async function load(): Promise<DeviceConfig> {
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const config = await startFresh();
      logger.info(`first start: wrote default ${CONFIG_FILE_NAME}`, { deviceId: config.deviceId });
      return config;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return keepAside([`the file is not valid JSON: ${(error as Error).message}`]);
    }
    const check = checkDeviceConfig(data);
    return check.ok ? check.value : keepAside(check.errors);
  }

  function get(): Promise<DeviceConfig> {
    if (!current) {
      const loading = load();
      current = loading;
      // A failed read (e.g. no permission) is retried next time instead of being remembered.
      loading.catch(() => {
        if (current === loading) current = undefined;
      });
    }
    return current.then((config) => ({ ...config }));
  }

  // Updates run one after another, so two concurrent patches both survive.
  const serially = createSerialQueue();
  function update(patch: Partial<DeviceConfig>): Promise<DeviceConfig> {
    return serially(async () => {
      const check = checkDeviceConfig({ ...(await get()), ...patch });
      if (!check.ok) throw new ConfigError(check.errors);
      await save(check.value);
      current = Promise.resolve(check.value);
      return { ...check.value };
    });
  }

  return { filePath, get, update, lastRecovery: () => recovery };
}
