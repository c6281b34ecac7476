/**
 * A seeded, time-bounded fault run: devices of two stations (real device
 * processes, the real client) talk to the real district through the fault proxy,
 * which delays, drops, resets and cuts requests, cuts the streams and
 * partitions; devices are killed and restarted (one with its clock set back),
 * the district is restarted. Then the faults stop and every device must converge:
 * each holds exactly the district's tickets of its station, every ticket written
 * exists once with its full history, no number repeats at a station on a day,
 * and every outbox is empty. Used by tests/server/fault-convergence.test.ts (short)
 * and bench/fault.ts (long).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deepEqual } from 'rxdb/plugins/utils';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { startDeviceChild, type DeviceChild } from './device-child.ts';
import { startFaultProxy, type Fault } from './fault-proxy.ts';
import { dropSchema, startLiveDistrict, type LiveDistrict } from './live-district.ts';
import { prng } from '#tests/fixtures/prng.ts';

export interface FaultRunOptions {
  seed: number;
  /** How long faults are injected; convergence is waited for afterwards. */
  faultMs: number;
  /** PostgreSQL; when absent, PGlite in a temp directory. */
  databaseUrl?: string;
  log?: (line: string) => void;
}

export interface FaultRunResult {
  seed: number;
  steps: number;
  devices: number;
  ticketsWritten: number;
  actionsAccepted: number;
  requests: Record<string, number>;
  faults: Record<string, number>;
  deviceRestarts: number;
  serverRestarts: number;
  /** Everything that did not hold at the end; empty when the run converged. */
  problems: string[];
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HOUR = 3_600_000;
const ACTIONS = ['call', 'start', 'finish'] as const;
const MIN_STEPS = 40;

interface Slot {
  label: string;
  enrolment: EnrolResponse;
  dir: string;
  clockOffsetMs: number;
  child: DeviceChild;
  /** Tickets this device issued, and how many actions each has had accepted. */
  own: Map<string, number>;
}

async function pullAll(district: LiveDistrict, credential: string): Promise<TicketDoc[]> {
  const docs: TicketDoc[] = [];
  let query = 'limit=500';
  for (;;) {
    const res = await fetch(`${district.url}/api/v1/replication/tickets/pull?${query}`, {
      headers: { authorization: `Bearer ${credential}`, 'x-doorstep-protocol': '1' },
    });
    if (!res.ok) throw new Error(`pull ${res.status}`);
    const page = (await res.json()) as {
      documents: (TicketDoc & { _deleted?: boolean })[];
      checkpoint: { lwt: number; id: string } | null;
    };
    docs.push(...page.documents.map(({ _deleted: _d, ...t }) => t as TicketDoc));
    if (page.documents.length < 500 || !page.checkpoint) return docs;
    query = `limit=500&checkpoint_lwt=${page.checkpoint.lwt}&checkpoint_id=${encodeURIComponent(page.checkpoint.id)}`;
  }
}

export async function runFaultScenario(options: FaultRunOptions): Promise<FaultRunResult> {
  const random = prng(options.seed);
  const log = options.log ?? (() => undefined);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const root = mkdtempSync(join(tmpdir(), 'doorstep-fault-'));
  const storage = options.databaseUrl ? { databaseUrl: options.databaseUrl } : { dataDir: join(root, 'district') };
  let district = await startLiveDistrict(storage);
  const faults: Record<string, number> = {};
  const count = (name: string) => (faults[name] = (faults[name] ?? 0) + 1);
  let faultRate = 0;
  const proxy = await startFaultProxy(district.url);
  proxy.setFaults((): Fault => {
    if (random() >= faultRate) return { type: 'pass' };
    const roll = random();
    const fault: Fault =
      roll < 0.3
        ? { type: 'delay', ms: 50 + Math.floor(random() * 1500) }
        : roll < 0.5
          ? { type: 'drop', ms: 200 + Math.floor(random() * 800) }
          : roll < 0.75
            ? { type: 'reset' }
            : { type: 'cut-after-response' };
    count(fault.type);
    return fault;
  });
  const slots: Slot[] = [];
  let deviceRestarts = 0;
  let serverRestarts = 0;
  let ticketsWritten = 0;
  let actionsAccepted = 0;
  const problems: string[] = [];
  try {
    for (const station of ['s1', 's2']) {
      await district.createStation(station, [`${station}-a`, `B-${station}`]);
      for (const [i, role] of (['kiosk', 'counter'] as const).entries()) {
        const enrolment = await district.enrol(station, { role, issuingSlot: i, issuingSlots: 2 });
        const dir = mkdtempSync(join(root, `${station}-${role}-`));
        const child = await startDeviceChild({ dir, enrolment });
        await child.call('sync', { url: proxy.url });
        slots.push({ label: `${station}/${role}`, enrolment, dir, clockOffsetMs: 0, child, own: new Map() });
      }
    }
    for (const slot of slots) await slot.child.call('awaitInSync');
    log(`seed ${options.seed}: ${slots.length} devices in sync; faults for ${options.faultMs} ms`);

    const restartDevice = async (slot: Slot, clockBack: boolean) => {
      await slot.child.stop(random() < 0.5 ? 'SIGKILL' : 'exit');
      if (clockBack) slot.clockOffsetMs -= 2 * HOUR;
      slot.child = await startDeviceChild({
        dir: slot.dir,
        enrolment: slot.enrolment,
        clockOffsetMs: slot.clockOffsetMs,
      });
      await slot.child.call('sync', { url: proxy.url });
      deviceRestarts++;
    };

    const end = Date.now() + options.faultMs;
    let clockSetBack = false;
    let serverRestarted = false;
    let steps = 0;
    faultRate = 0.25;
    // Bounded in time, with a floor of steps so a slow machine still exercises something.
    while (Date.now() < end || steps < MIN_STEPS) {
      steps++;
      const roll = random();
      const slot = pick(slots);
      try {
        if (roll < 0.45) {
          const station = slot.enrolment.stationId;
          const serviceId = random() < 0.5 ? `${station}-a` : `B-${station}`;
          const ticket = await slot.child.call<TicketDoc>('issue', { serviceId });
          slot.own.set(ticket.id, 0);
          ticketsWritten++;
        } else if (roll < 0.75 && slot.enrolment.role === 'counter' && slot.own.size) {
          // One writer per ticket (its issuing device), so its history is fully known; only a
          // counter serves tickets (the queue's rules refuse lifecycle steps from a kiosk).
          const id = pick([...slot.own.keys()]);
          const done = slot.own.get(id)!;
          if (done < ACTIONS.length) {
            const result = await slot.child.call<{ refused?: string }>('act', {
              ticketId: id,
              action: ACTIONS[done],
              by: 'staff-1',
              counter: 'c1',
            });
            if (!result.refused) {
              slot.own.set(id, done + 1);
              actionsAccepted++;
            }
          }
        } else if (roll < 0.83) {
          proxy.cutStreams();
          count('stream-cut');
        } else if (roll < 0.88) {
          proxy.partition();
          count('partition');
          await wait(300 + Math.floor(random() * 1500));
          proxy.heal();
        } else if (roll < 0.95) {
          const back: boolean = !clockSetBack && random() < 0.5;
          clockSetBack ||= back;
          await restartDevice(slot, back);
          if (back) count('clock-set-back');
        } else if (!serverRestarted) {
          serverRestarted = true;
          await district.close();
          district = await startLiveDistrict({ ...storage, ...district.storage });
          serverRestarts++;
        }
      } catch (error) {
        problems.push(`step failed on ${slot.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
      await wait(50 + Math.floor(random() * 250));
    }
    // Both required faults happen in every run, also a short one.
    if (!clockSetBack) {
      await restartDevice(pick(slots), true);
      count('clock-set-back');
    }
    if (!serverRestarted) {
      await district.close();
      district = await startLiveDistrict({ ...storage, ...district.storage });
      serverRestarts++;
    }

    // Faults stop; every device must converge.
    faultRate = 0;
    proxy.heal();
    log('faults stopped; waiting for convergence');
    const deadline = Date.now() + 120_000;
    let lastMismatch = '';
    for (;;) {
      lastMismatch = '';
      for (const slot of slots) {
        const server = await pullAll(district, slot.enrolment.credential);
        const state = await slot.child.state();
        const serverById = new Map(server.map((t) => [t.id, t]));
        const same =
          state.tickets.length === server.length && state.tickets.every((t) => deepEqual(serverById.get(t.id), t));
        if (!same || state.waiting !== 0) {
          const differing = state.tickets.filter((t) => !deepEqual(serverById.get(t.id), t)).map((t) => t.number);
          lastMismatch = `${slot.label}: device ${state.tickets.length} tickets, district ${server.length}, waiting ${state.waiting}, differing ${differing.join(' ')}`;
          break;
        }
      }
      if (!lastMismatch || Date.now() > deadline) break;
      await wait(500);
    }
    if (lastMismatch) problems.push(`did not converge: ${lastMismatch}`);

    // What the district holds.
    for (const station of ['s1', 's2']) {
      const members = slots.filter((s) => s.enrolment.stationId === station);
      const server = await pullAll(district, members[0]!.enrolment.credential);
      const seen = new Map<string, number>();
      for (const t of server) {
        if (t.stationId !== station) problems.push(`${station} holds ${t.id} of ${t.stationId}`);
        const key = `${t.day} ${t.number}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      for (const [key, n] of seen) if (n > 1) problems.push(`${station}: number ${key} issued ${n} times`);
      const byId = new Map(server.map((t) => [t.id, t]));
      if (byId.size !== server.length) problems.push(`${station}: a ticket is stored twice`);
      for (const slot of members) {
        for (const [id, actions] of slot.own) {
          const t = byId.get(id);
          if (!t) problems.push(`${slot.label}: ticket ${id} never reached the district`);
          else if (t.history.length !== 1 + actions)
            problems.push(
              `${slot.label}: ticket ${t.number} has ${t.history.length} history entries, expected ${1 + actions}`,
            );
        }
      }
    }
    return {
      seed: options.seed,
      steps,
      devices: slots.length,
      ticketsWritten,
      actionsAccepted,
      requests: { ...proxy.counts },
      faults,
      deviceRestarts,
      serverRestarts,
      problems,
    };
  } finally {
    for (const slot of slots) await slot.child.stop('SIGKILL').catch(() => undefined);
    await proxy.close();
    await district.close().catch(() => undefined);
    if (options.databaseUrl && district.storage.schema) await dropSchema(options.databaseUrl, district.storage.schema);
    rmSync(root, { recursive: true, force: true });
  }
}
