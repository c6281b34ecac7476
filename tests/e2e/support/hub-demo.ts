/**
 * The demo station with a hub as a user starts it (`npm run start:browser -- --with-hub`,
 * here without the build step): the browser host CLI in a process of its own, on free
 * ports and a fresh data folder, with the addresses read from what it prints.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { ROOT } from './paths.ts';

export interface RunningHubDemo {
  /** Each printed device name ("kiosk", "counter (runs the station hub)", …) → its address. */
  addresses: Map<string, string>;
  districtUrl: string;
  hubUrl: string;
  pid: number;
  /** Everything the demo printed so far. */
  output(): string;
  /** Ctrl+C as a service stop sends it: SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const demos = new Set<ChildProcess>();
// A test that times out is abandoned where it stands: no demo outlives the worker.
process.once('exit', () => {
  for (const child of demos) child.kill('SIGKILL');
});

/** Starts the demo; resolves once it printed that everything is open. */
export async function startHubDemoCli(options: {
  dataDir: string;
  hubPort: number;
  districtPort: number;
  counters?: number;
}): Promise<RunningHubDemo> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/host/browser-host-cli.ts',
      '--with-hub',
      '--counters',
      String(options.counters ?? 1),
      '--port',
      '0',
      '--hub-port',
      String(options.hubPort),
      '--district-port',
      String(options.districtPort),
      '--data-dir',
      options.dataDir,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  demos.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      demos.delete(child);
      resolve(code);
    }),
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const deadline = Date.now() + 360_000;
  while (!out.includes('press Ctrl+C to stop')) {
    if (child.exitCode !== null) throw new Error(`the demo exited with ${child.exitCode}:\n${out}\n${err}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the demo did not start within 360 s:\n${out}\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const addresses = new Map<string, string>();
  for (const match of out.matchAll(/^ {2}(\S.*?) {2,}(http:\/\/\S+?)\/?(?:\s|$)/gm))
    addresses.set(match[1]!, match[2]!);
  const need = (name: string) => {
    const url = addresses.get(name);
    if (!url) throw new Error(`the demo printed no address for "${name}":\n${out}`);
    return url;
  };
  return {
    addresses,
    districtUrl: need('district server'),
    hubUrl: need('station hub'),
    pid: child.pid!,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Processes whose command line mentions `text` (e.g. the demo's unique data folder). */
export function processesMentioning(text: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes(text) && !line.includes('ps -eo'))
    .map((line) => line.trim());
}
