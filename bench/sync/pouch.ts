/** pouchdb-server in a child process, and the PouchDB client in this one. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tempDir, trackChild } from './cleanup.ts';
import { sleep } from './util.ts';

/** The few PouchDB calls the bench uses (PouchDB ships no types). */
export interface PouchDb {
  bulkDocs(docs: object[]): Promise<{ ok?: boolean; error?: string }[]>;
  info(): Promise<{ doc_count: number; update_seq: unknown }>;
  destroy(): Promise<void>;
  close(): Promise<void>;
  replicate: {
    to(target: PouchDb | string, options?: object): Promise<ReplicationResult>;
    from(source: PouchDb | string, options?: object): Promise<ReplicationResult>;
  };
}
export interface ReplicationResult {
  ok: boolean;
  docs_read: number;
  docs_written: number;
  doc_write_failures: number;
  errors: unknown[];
}
type PouchStatic = {
  new (name: string, options?: object): PouchDb;
  plugin(plugin: unknown): PouchStatic;
  version: string;
};

const require = createRequire(import.meta.url);
let pouch: PouchStatic | undefined;

/** PouchDB 9 for Node, with the in-memory adapter (memdown) added. */
export function PouchDB(): PouchStatic {
  if (!pouch) {
    pouch = require('pouchdb') as PouchStatic;
    pouch.plugin(require('pouchdb-adapter-memory'));
  }
  return pouch;
}

let locals = 0;
/** A local database: in memory (like the RxDB device's memory storage) or LevelDB in a temp dir. */
export function localPouch(kind: 'memory' | 'leveldb', label: string): PouchDb {
  const P = PouchDB();
  const name = `bench-${label}-${++locals}`;
  return kind === 'memory'
    ? new P(name, { adapter: 'memory' })
    : new P(join(tempDir(`pouch-${label}`).path, name), { adapter: 'leveldb' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface PouchServer {
  url: string;
  pid: number;
  dir: string;
  close(): Promise<void>;
}

/** Starts pouchdb-server (LevelDB under a temp dir; its config and log.txt there too) on a loopback port. */
export async function startPouchServer(): Promise<PouchServer> {
  const dir = tempDir('pouchdb-server').path;
  const port = await freePort();
  // pouchdb-server's own CLI (plain Node, no tsx), plus an exit when the bench disconnects so it never outlives the bench.
  const cli = require.resolve('pouchdb-server/lib/index.js');
  const script = `process.on('disconnect', () => process.exit(0)); process.argv.splice(1, 0, 'pouchdb-server'); require(${JSON.stringify(cli)});`;
  const proc = spawn(
    process.execPath,
    [
      '-e',
      script,
      '--',
      '--dir',
      dir,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--config',
      join(dir, 'config.json'),
      '--no-stdout-logs',
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  const end = trackChild('pouchdb-server', proc);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`pouchdb-server exited with ${proc.exitCode}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('pouchdb-server did not answer within 60 s');
    await sleep(100);
  }
  return { url, pid: proc.pid!, dir, close: end };
}
