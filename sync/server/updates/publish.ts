/**
 * Publishing a kiosk release into the district's update folder: copies the
 * artifacts into the channel's folder and writes the channel file
 * (latest-linux.yml / latest.yml) in electron-builder's format, which
 * electron-updater's generic provider reads:
 *
 *   version, files: [{url, sha512, size}], path, sha512, releaseDate, stagingPercentage
 *
 * `sha512` is base64 (not hex): electron-updater compares it with the base64
 * digest of what it downloaded, and refuses the file on a mismatch.
 * `stagingPercentage` is the staged rollout: each install draws a stable random
 * number from its own id (`.updaterId` in its data folder) and takes the update
 * only if that number is below the percentage; 0 pauses a rollout, absent or 100
 * means everyone. Raise it by publishing the same version again.
 *
 * The artifacts land first and the channel file last, both by rename, so a
 * device never reads a channel file that names a missing or half-copied file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { isUpdateChannelName, isUpdateFileName } from '#protocol/update-feed.ts';

/** The platforms the kiosk ships for, by what their artifact files end with. */
export type UpdatePlatform = 'linux' | 'windows';
/** CPU architectures of the Linux channel files (electron-updater names arm64 files apart). */
export type UpdateArch = 'x64' | 'arm64';

/** One artifact in a channel file. */
export interface UpdateFileEntry {
  url: string;
  sha512: string;
  size: number;
  /** electron-builder sets this for per-machine NSIS installers: the installer is run elevated. */
  isAdminRightsRequired?: boolean;
}

/** A channel file's content, as electron-builder writes it. */
export interface ChannelFileContent {
  version: string;
  files: UpdateFileEntry[];
  /** Deprecated in electron-updater but still written by electron-builder (older clients read it). */
  path: string;
  sha512: string;
  releaseDate: string;
  stagingPercentage?: number;
}

export interface PublishOptions {
  /** The district's update folder (`serve --updates-dir`). */
  updatesDir: string;
  /** Artifact files; all for one platform (an AppImage and a deb may go together). */
  files: readonly string[];
  /** The release's semantic version, as in the app's package.json. */
  version: string;
  /** Default "latest". */
  channel?: string;
  /** 0–100; absent means every device. */
  stagingPercentage?: number;
  /** Default: from the files' extensions. */
  platform?: UpdatePlatform;
  /** Linux only; default x64. */
  arch?: UpdateArch;
  now?: () => Date;
}

/** What a publish wrote. */
export interface PublishedRelease {
  channelFilePath: string;
  content: ChannelFileContent;
}

/** A problem with what the operator asked for; the message says what to change. */
export class PublishError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishError';
  }
}

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

const PLATFORM_OF_EXTENSION: Readonly<Record<string, UpdatePlatform>> = {
  '.appimage': 'linux',
  '.deb': 'linux',
  '.exe': 'windows',
};

/** The base64 SHA-512 and the size of a file, read as a stream (artifacts are ~100 MB). */
export async function fileDigest(filePath: string): Promise<{ sha512: string; size: number }> {
  const hash = createHash('sha512');
  let size = 0;
  for await (const chunk of createReadStream(filePath)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha512: hash.digest('base64'), size };
}

/** The channel file electron-updater asks for on a platform and architecture. */
export function channelFileName(platform: UpdatePlatform, arch: UpdateArch = 'x64'): string {
  if (platform === 'windows') return 'latest.yml';
  return arch === 'x64' ? 'latest-linux.yml' : `latest-linux-${arch}.yml`;
}

/** The platform an artifact is for, from its extension; null when unknown. */
export function platformOfArtifact(fileName: string): UpdatePlatform | null {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? null : (PLATFORM_OF_EXTENSION[fileName.slice(dot).toLowerCase()] ?? null);
}

/**
 * Compares two semantic versions (-1, 0, 1), precedence as in semver 2.0:
 * numeric parts, then a prerelease sorts before its release.
 */
export function compareVersions(a: string, b: string): number {
  const pa = SEMVER.exec(a);
  const pb = SEMVER.exec(b);
  if (!pa || !pb) throw new PublishError(`not a semantic version: "${pa ? b : a}"`);
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return Math.sign(d);
  }
  const [preA, preB] = [pa[4], pb[4]];
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  const ia = preA.split('.');
  const ib = preB.split('.');
  for (let i = 0; i < Math.max(ia.length, ib.length); i++) {
    const [x, y] = [ia[i], ib[i]];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny) return Math.sign(Number(x) - Number(y));
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function checkOptions(options: PublishOptions): { channel: string; platform: UpdatePlatform; arch: UpdateArch } {
  const channel = options.channel ?? 'latest';
  if (!isUpdateChannelName(channel))
    throw new PublishError(
      `--channel must be lower-case letters, digits and "-" (starting with a letter), got "${channel}"`,
    );
  if (!SEMVER.test(options.version))
    throw new PublishError(`--version must be a semantic version like 1.4.0 or 1.5.0-beta.1, got "${options.version}"`);
  const staging = options.stagingPercentage;
  if (staging !== undefined && (!Number.isInteger(staging) || staging < 0 || staging > 100)) {
    throw new PublishError(`--staging must be a whole percentage from 0 to 100, got ${staging}`);
  }
  if (options.files.length === 0) throw new PublishError('name at least one artifact file to publish');
  const platforms = new Set<UpdatePlatform>();
  for (const file of options.files) {
    const name = basename(file);
    if (!isUpdateFileName(name)) {
      throw new PublishError(
        `artifact "${name}" has a name devices cannot fetch; use letters, digits, ".", "_" and "-" only (electron-builder.yml's artifactName does)`,
      );
    }
    const platform = platformOfArtifact(name);
    if (platform) platforms.add(platform);
    else if (!options.platform)
      throw new PublishError(`cannot tell the platform of "${name}" from its extension; pass --platform linux|windows`);
  }
  if (platforms.size > 1)
    throw new PublishError('publish Linux and Windows artifacts separately: each platform has its own channel file');
  const platform = options.platform ?? [...platforms][0] ?? 'linux';
  const arch = options.arch ?? 'x64';
  if (platform === 'windows' && arch !== 'x64') throw new PublishError('the Windows installer is built for x64 only');
  return { channel, platform, arch };
}

/** Writes a file by rename from a dotfile beside it; dotfiles are never served. */
async function placeAtomically(target: string, write: (temp: string) => Promise<void>): Promise<void> {
  const temp = join(dirname(target), `.partial-${randomBytes(6).toString('hex')}-${basename(target)}`);
  try {
    await write(temp);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function publishedVersion(channelFilePath: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(channelFilePath, 'utf8');
  } catch {
    return null;
  }
  const data = parseYaml(text) as { version?: unknown } | null;
  return typeof data?.version === 'string' && SEMVER.test(data.version) ? data.version : null;
}

/**
 * Publishes a release: artifacts into `<updatesDir>/<channel>/`, then the channel
 * file. Refuses a version older than the one already published, because devices
 * never downgrade: a rollback is a new, higher version.
 */
export async function publishUpdate(options: PublishOptions): Promise<PublishedRelease> {
  const { channel, platform, arch } = checkOptions(options);
  const channelDir = join(options.updatesDir, channel);
  await mkdir(channelDir, { recursive: true });
  const channelFilePath = join(channelDir, channelFileName(platform, arch));

  const current = await publishedVersion(channelFilePath);
  if (current !== null && compareVersions(options.version, current) < 0) {
    throw new PublishError(
      `${channel} already offers ${current}; devices never downgrade, so publish a version above it to roll back`,
    );
  }

  const realChannelDir = await realpath(channelDir);
  const files: UpdateFileEntry[] = [];
  for (const source of options.files) {
    const name = basename(source);
    const target = join(channelDir, name);
    // An artifact already in place (e.g. built straight into the folder) is not copied onto itself.
    const inPlace = (await realpath(dirname(source)).catch(() => null)) === realChannelDir;
    if (!inPlace) await placeAtomically(target, (temp) => copyFile(source, temp));
    const digest = await fileDigest(target);
    files.push({
      url: name,
      ...digest,
      // The NSIS installer is per-machine (electron-builder.yml), so electron-updater must run it elevated.
      ...(platform === 'windows' && { isAdminRightsRequired: true }),
    });
  }

  const first = files[0] as UpdateFileEntry;
  const content: ChannelFileContent = {
    version: options.version,
    files,
    path: first.url,
    sha512: first.sha512,
    releaseDate: (options.now ?? (() => new Date()))().toISOString(),
    ...(options.stagingPercentage !== undefined && { stagingPercentage: options.stagingPercentage }),
  };
  // YAML 1.1 quotes the date: electron-updater's js-yaml would otherwise read it back as a Date, not a string.
  const yaml = toYaml(content, { version: '1.1' });
  await placeAtomically(channelFilePath, (temp) => writeFile(temp, yaml, 'utf8'));
  return { channelFilePath, content };
}
