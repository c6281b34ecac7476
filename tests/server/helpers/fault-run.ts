/**
 * A seeded, time-bounded fault run: devices of two stations (real device
 * processes, the real client) talk to the real district through the fault proxy,
 * which delays, drops, resets, replays and cuts requests, half-kills connections
 * (never answered, or silent after the first bytes, streams included), cuts the
 * streams and partitions; devices are killed and restarted (with their clocks set
 * back), the district is restarted. Then the faults stop and every device must
 * converge: each holds exactly the district's tickets of its station, every
 * ticket written exists once with its full history (exactly as its device wrote
 * it), no number repeats at a station on a day, and every outbox is empty.
 * Used by tests/server/fault-convergence.test.ts (short) and bench/fault.ts (long).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deepEqual } from 'rxdb/plugins/utils';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { startDeviceChild, type DeviceChild } from './device-child.ts';
import { startFaultProxy, type Fault, type FaultProxy, type ProxiedRequest } from './fault-proxy.ts';
import { dropSchema, startLiveDistrict, type LiveDistrict } from './live-district.ts';
import { districtTickets, enrolHub, startLiveHub } from './live-hub.ts';
import type { StationHub } from '#server/hub/hub-server.ts';
import { prng } from '#protocol/prng.ts';

export interface FaultRunOptions {
  seed: number;
  /** How long faults are injected; convergence is waited for afterwards. */
  faultMs: number;
  /** PostgreSQL; when absent, PGlite in a temp directory. */
  databaseUrl?: string;
  /**
   * Station s1 gets a station hub (the district's code on its own PGlite): its
   * devices sync through it (startStationSync), each over a LAN link of its own,
   * the hub's uplink over another, so every pair can be cut apart — device↔hub,
   * device↔district, hub↔district — and the hub is restarted like the district.
   */
  hub?: boolean;
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
  hubRestarts: number;
  outcome: FaultRunOutcome;
  /** Everything that did not hold at the end; empty when the run converged. */
  problems: string[];
}

/** What went wrong, counted; all zero when the run converged. */
export interface FaultRunOutcome {
  /** Tickets a device wrote that the district does not hold. */
  lost: number;
  /** Tickets the district returned more than once. */
  doubled: number;
  /** Tickets the district holds that no device wrote. */
  unexpected: number;
  /** Tickets whose history at the district is not the one their device wrote. */
  wrongHistory: number;
  /** Devices whose tickets are not exactly the district's set for their station. */
  divergentDevices: number;
  /** (station, day, number) issued to more than one ticket. */
  collidingNumbers: number;
  /** Devices with documents still waiting to upload (and a hub with writes not yet at the district). */
  outboxNonEmpty: number;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HOUR = 3_600_000;
const ACTIONS = ['call', 'start', 'finish'] as const;
const MIN_STEPS = 40;
/** A long run restarts the district again and again, but leaves it up this long in between. */
const SERVER_RESTART_GAP_MS = 20_000;
/** The links a run with a hub cuts apart, each at least once. */
const PAIRS = ['device-district', 'device-hub', 'hub-district'] as const;

interface Slot {
  label: string;
  enrolment: EnrolResponse;
  dir: string;
  clockOffsetMs: number;
  child: DeviceChild;
  /** Tickets this device issued, each as the device last wrote it. */
  own: Map<string, TicketDoc>;
  /** Its own link to the station hub, when it has one. */
  lan?: FaultProxy;
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
  const randomFault = (request: ProxiedRequest): Fault => {
    if (random() >= faultRate) return { type: 'pass' };
    const roll = random();
    // Half-killed connections (blackhole, stall) heal only by the device's own deadlines.
    const fault: Fault =
      roll < 0.2
        ? { type: 'delay', ms: 50 + Math.floor(random() * 1500) }
        : roll < 0.35
          ? { type: 'drop', ms: 200 + Math.floor(random() * 800) }
          : roll < 0.5
            ? { type: 'reset' }
            : roll < 0.65
              ? { type: 'cut-after-response' }
              : roll < 0.75
                ? { type: 'blackhole' }
                : roll < 0.85 || request.kind === 'stream'
                  ? { type: 'stall', afterBytes: Math.floor(random() * 200) }
                  : { type: 'replay', afterMs: 100 + Math.floor(random() * 3000) };
    count(fault.type);
    return fault;
  };
  proxy.setFaults(randomFault);
  /** The hub's uplink to the district, and each s1 device's link to the hub (options.hub). */
  const uplink = options.hub ? await startFaultProxy(district.url) : undefined;
  uplink?.setFaults(randomFault);
  let hub: StationHub | undefined;
  let hubPort = 0;
  const hubDir = join(root, 'hub');
  let hubRestarts = 0;
  let hubEnrolment: EnrolResponse | undefined;
  const slots: Slot[] = [];
  const startSync = (slot: Slot) =>
    slot.lan
      ? slot.child.call('stationSync', {
          districtUrl: proxy.url,
          hubUrl: slot.lan.url,
          probeEveryMs: 500,
          failoverAfterMs: 1500,
        })
      : slot.child.call('sync', { url: proxy.url });
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
        const slot: Slot = { label: `${station}/${role}`, enrolment, dir, clockOffsetMs: 0, child, own: new Map() };
        await startSync(slot);
        slots.push(slot);
      }
      if (options.hub && station === 's1') {
        hubEnrolment = await enrolHub(district, 's1');
        hub = await startLiveHub(hubEnrolment, uplink!.url, { dataDir: hubDir });
        hubPort = hub.port;
        await hub.uplink.settled();
        // s1's devices enrolled before the hub: they move to it once it proves itself.
        for (const slot of slots.filter((s) => s.enrolment.stationId === 's1')) {
          slot.lan = await startFaultProxy(hub.url);
          slot.lan.setFaults(randomFault);
          await slot.child.call('stopSync');
          await startSync(slot);
        }
      }
    }
    for (const slot of slots) await slot.child.call('awaitInSync');
    log(`seed ${options.seed}: ${slots.length} devices in sync; faults for ${options.faultMs} ms`);

    const restartDistrict = async () => {
      await district.close();
      district = await startLiveDistrict({ ...storage, ...district.storage });
      serverRestarts++;
      lastServerRestart = Date.now();
    };
    /** Cuts one pair apart for a while: all devices from the district, one device from the hub, or the hub's uplink. */
    const partitionPair = async (pair: (typeof PAIRS)[number]) => {
      const links =
        pair === 'device-district'
          ? [proxy]
          : pair === 'hub-district'
            ? [uplink!]
            : [pick(slots.filter((s) => s.lan)).lan!];
      for (const link of links) link.partition();
      count(`partition ${pair}`);
      await wait(300 + Math.floor(random() * 1500));
      for (const link of links) link.heal();
    };
    const restartHub = async () => {
      await hub!.close();
      hub = await startLiveHub(hubEnrolment!, uplink!.url, { dataDir: hubDir, port: hubPort });
      hubRestarts++;
    };
    const restartDevice = async (slot: Slot, clockBack: boolean) => {
      await slot.child.stop(random() < 0.5 ? 'SIGKILL' : 'exit');
      if (clockBack) slot.clockOffsetMs -= 2 * HOUR;
      slot.child = await startDeviceChild({
        dir: slot.dir,
        enrolment: slot.enrolment,
        clockOffsetMs: slot.clockOffsetMs,
      });
      await startSync(slot);
      deviceRestarts++;
    };

    /**
     * The next lifecycle step on one of a counter's own tickets. One writer per ticket
     * (its issuing device), so its history is fully known; only a counter serves
     * tickets (the queue's rules refuse lifecycle steps from a kiosk).
     */
    const actOnOwn = async (slot: Slot, id: string) => {
      const done = slot.own.get(id)!.history.length - 1;
      if (done >= ACTIONS.length) return;
      const result = await slot.child.call<TicketDoc | { refused: string }>('act', {
        ticketId: id,
        action: ACTIONS[done],
        by: 'staff-1',
        counter: 'c1',
      });
      if (!('refused' in result)) {
        slot.own.set(id, result);
        actionsAccepted++;
      }
    };

    const end = Date.now() + options.faultMs;
    let lastServerRestart = 0;
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
          slot.own.set(ticket.id, ticket);
          ticketsWritten++;
        } else if (roll < 0.75 && slot.enrolment.role === 'counter' && slot.own.size) {
          await actOnOwn(slot, pick([...slot.own.keys()]));
        } else if (roll < 0.83) {
          for (const link of [proxy, uplink, ...slots.map((s) => s.lan)]) link?.cutStreams();
          count('stream-cut');
        } else if (roll < 0.88) {
          await partitionPair(hub ? pick(PAIRS) : 'device-district');
        } else if (roll < 0.95) {
          // Each device's clock goes back at most once (by two hours): enough to put its
          // new writes behind what it uploaded before, without moving it days away.
          const back = slot.clockOffsetMs === 0 && random() < 0.5;
          await restartDevice(slot, back);
          if (back) count('clock-set-back');
        } else if (hub && random() < 0.5) {
          await restartHub();
        } else if (!lastServerRestart || Date.now() - lastServerRestart > SERVER_RESTART_GAP_MS) {
          await restartDistrict();
        }
      } catch (error) {
        problems.push(`step failed on ${slot.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
      await wait(50 + Math.floor(random() * 250));
    }
    // Both required faults happen in every run, also a short one.
    if (!faults['clock-set-back']) {
      await restartDevice(pick(slots), true);
      count('clock-set-back');
    }
    if (!serverRestarts) await restartDistrict();
    if (hub) {
      if (!hubRestarts) await restartHub();
      for (const pair of PAIRS) if (!faults[`partition ${pair}`]) await partitionPair(pair);
    }
    // And at least one staff step (a run at the step floor on a slow machine may roll none).
    if (!actionsAccepted) {
      const counter = slots.find((s) => s.enrolment.role === 'counter')!;
      const ticket = await counter.child.call<TicketDoc>('issue', { serviceId: `B-${counter.enrolment.stationId}` });
      counter.own.set(ticket.id, ticket);
      ticketsWritten++;
      await actOnOwn(counter, ticket.id);
    }

    // Faults stop; every device must converge.
    faultRate = 0;
    for (const link of [proxy, uplink, ...slots.map((s) => s.lan)]) link?.heal();
    log('faults stopped; waiting for convergence');
    const deadline = Date.now() + 120_000;
    /** Per device: how it differs from the district, or null when it holds exactly the district's set. */
    const compare = async () =>
      Promise.all(
        slots.map(async (slot) => {
          const server = await pullAll(district, slot.enrolment.credential);
          const state = await slot.child.state();
          const serverById = new Map(server.map((t) => [t.id, t]));
          const same =
            state.tickets.length === server.length && state.tickets.every((t) => deepEqual(serverById.get(t.id), t));
          if (same && state.waiting === 0) return null;
          const differing = state.tickets.filter((t) => !deepEqual(serverById.get(t.id), t)).map((t) => t.number);
          return {
            divergent: !same,
            waiting: state.waiting,
            text:
              `${slot.label}: device ${state.tickets.length} tickets, district ${server.length}, waiting ${state.waiting} ` +
              `(${(state.waitingIds ?? []).join(' ')}), differing ${differing.join(' ')}; latest errors: ${(state.errors ?? []).join(' | ')}`,
          };
        }),
      );
    let mismatches = await compare();
    while (mismatches.some(Boolean) && Date.now() < deadline) {
      await wait(500);
      mismatches = await compare();
    }
    for (const m of mismatches) if (m) problems.push(`did not converge: ${m.text}`);
    // The hub converges too: nothing left to carry up, and exactly the district's tickets of its station.
    let hubDivergent = 0;
    let hubWaiting = 0;
    if (hub) {
      const running = hub;
      const settled = await Promise.race([
        running.uplink.settled().then(() => true),
        wait(Math.max(0, deadline - Date.now())).then(() => false),
      ]);
      hubWaiting = (await running.uplink.state()).waiting;
      if (!settled || hubWaiting > 0) problems.push(`hub: ${hubWaiting} writes still waiting for the district`);
      const atDistrict = new Map((await districtTickets(district, 's1')).map((t) => [t.id, t]));
      const atHub = (await running.repo.db.query<{ doc: { id: string } }>('SELECT doc FROM tickets')).map((r) => r.doc);
      const differing = atHub.filter((t) => !deepEqual(atDistrict.get(t.id), t)).map((t) => t.id);
      if (atHub.length !== atDistrict.size || differing.length > 0) {
        hubDivergent = 1;
        problems.push(`hub: ${atHub.length} tickets, district ${atDistrict.size}, differing ${differing.join(' ')}`);
      }
    }
    const outcome: FaultRunOutcome = {
      lost: 0,
      doubled: 0,
      unexpected: 0,
      wrongHistory: 0,
      divergentDevices: mismatches.filter((m) => m?.divergent).length + hubDivergent,
      collidingNumbers: 0,
      outboxNonEmpty: mismatches.filter((m) => m && m.waiting > 0).length + (hubWaiting > 0 ? 1 : 0),
    };

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
      for (const [key, n] of seen) {
        if (n < 2) continue;
        outcome.collidingNumbers++;
        problems.push(`${station}: number ${key} issued ${n} times`);
      }
      const byId = new Map(server.map((t) => [t.id, t]));
      if (byId.size !== server.length) {
        outcome.doubled += server.length - byId.size;
        problems.push(`${station}: ${server.length - byId.size} tickets returned twice`);
      }
      const written = new Set(members.flatMap((slot) => [...slot.own.keys()]));
      for (const t of byId.values()) {
        if (written.has(t.id)) continue;
        outcome.unexpected++;
        problems.push(`${station}: holds ticket ${t.number} (${t.id}) that no device wrote`);
      }
      for (const slot of members) {
        for (const [id, mine] of slot.own) {
          const t = byId.get(id);
          if (!t) {
            outcome.lost++;
            problems.push(`${slot.label}: ticket ${mine.number} (${id}) never reached the district`);
          } else if (!deepEqual(t.history, mine.history)) {
            outcome.wrongHistory++;
            const steps = (h: TicketDoc['history']) => h.map((e) => e.action).join('→');
            problems.push(
              `${slot.label}: ticket ${t.number} history at the district ${steps(t.history)}, written ${steps(mine.history)}`,
            );
          }
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
      hubRestarts,
      outcome,
      problems,
    };
  } finally {
    for (const slot of slots) await slot.child.stop('SIGKILL').catch(() => undefined);
    for (const slot of slots) await slot.lan?.close();
    await uplink?.close();
    await hub?.close().catch(() => undefined);
    await proxy.close();
    await district.close().catch(() => undefined);
    if (options.databaseUrl && district.storage.schema) await dropSchema(options.databaseUrl, district.storage.schema);
    rmSync(root, { recursive: true, force: true });
  }
}
