/**
 * Starts and drives a district or station hub in a process of its own
 * (helpers/server-process.ts), so a test can kill it for real (SIGKILL) and
 * start it again on the same storage and port.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import type { UplinkState } from '#server/hub/uplink.ts';
import type { LiveDistrict } from './live-district.ts';
import type { ServerProcessOptions } from './server-process.ts';

const ENTRY = fileURLToPath(new URL('./server-process.ts', import.meta.url));

export interface ServerChild {
  readonly url: string;
  readonly port: number;
  /** The options that start the same server again, on the same storage and port. */
  readonly restartOptions: ServerProcessOptions;
  call<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  /** Ends the process: 'exit' closes it cleanly, a signal kills it. */
  stop(how?: 'exit' | NodeJS.Signals): Promise<void>;
}

export interface DistrictChild extends ServerChild {
  createStation(id: string, services?: string[]): Promise<void>;
  enrol(stationId: string, options?: Parameters<LiveDistrict['enrol']>[1]): Promise<EnrolResponse>;
  enrolHub(stationId: string): Promise<EnrolResponse>;
  tickets(stationId: string): Promise<TicketDoc[]>;
  refusals(stationId: string): Promise<{ device_id: string; doc_id: string; rule: string }[]>;
}

export interface HubChild extends ServerChild {
  uplink(): Promise<UplinkState>;
  settled(): Promise<void>;
}

async function startServerChild(options: ServerProcessOptions): Promise<ServerChild> {
  const proc: ChildProcess = fork(ENTRY, [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    env: { ...process.env, SERVER_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 0;
  type Ready = { url: string; port: number; storage: Record<string, unknown> | null };
  const ready = await new Promise<Ready>((resolve, reject) => {
    proc.once('error', reject);
    void exited.then(() => reject(new Error(`${options.role} process exited before it was ready`)));
    proc.on(
      'message',
      (m: Partial<Ready> & { ready?: boolean; id?: number; ok?: boolean; value?: unknown; error?: string }) => {
        if (m.ready) return resolve(m as Ready);
        const waiter = m.id === undefined ? undefined : pending.get(m.id);
        if (!waiter) return;
        pending.delete(m.id!);
        if (m.ok) waiter.resolve(m.value);
        else waiter.reject(new Error(m.error));
      },
    );
  });
  void exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${options.role} process exited`));
    pending.clear();
  });
  const call = <T>(cmd: string, args: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      proc.send({ ...args, id, cmd });
    });
  return {
    url: ready.url,
    port: ready.port,
    restartOptions:
      options.role === 'district'
        ? { role: 'district', ...(ready.storage ?? {}), port: ready.port }
        : { ...options, port: ready.port },
    call,
    async stop(how = 'exit') {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      if (how === 'exit') await call('exit').catch(() => undefined);
      else proc.kill(how);
      await exited;
    },
  };
}

export async function startDistrictChild(
  options: Omit<ServerProcessOptions & { role: 'district' }, 'role'> = {},
): Promise<DistrictChild> {
  const child = await startServerChild({ role: 'district', ...options });
  return {
    ...child,
    createStation: (id, services) => child.call('createStation', { stationId: id, services }),
    enrol: (stationId, enrolOptions = {}) => child.call('enrol', { stationId, ...enrolOptions }),
    enrolHub: (stationId) => child.call('enrolHub', { stationId }),
    tickets: (stationId) => child.call('tickets', { stationId }),
    refusals: (stationId) => child.call('refusals', { stationId }),
  };
}

export async function startHubChild(options: Omit<ServerProcessOptions & { role: 'hub' }, 'role'>): Promise<HubChild> {
  const child = await startServerChild({ role: 'hub', ...options });
  return { ...child, uplink: () => child.call('uplink'), settled: () => child.call('settled') };
}

/** Starts a stopped server child again from its restart options. */
export async function restartServerChild<T extends DistrictChild | HubChild>(stopped: T): Promise<T> {
  const { role, ...rest } = stopped.restartOptions;
  return (role === 'district' ? startDistrictChild(rest) : startHubChild(rest as never)) as Promise<T>;
}
