/**
 * The district's endpoints for station hubs (sync/README.md, "Station hub"):
 *   GET  /api/v1/hub/devices                       → HubDeviceList
 *   POST /api/v1/hub/replication/<collection>/pull {checkpoint?, limit?} → PullResponse (the counter's view)
 *   POST /api/v1/hub/replication/<collection>/push HubPushRow[] → PushReport
 * Only the credential that is its station's hub may call them (403 not_station_hub).
 * A pushed row names its origin device; the district then runs the ordinary push
 * as that device, so every rule a direct write meets applies unchanged.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  PULL_LIMIT_DEFAULT,
  PUSH_BATCH_MAX,
  PUSH_REFUSED_HEADER,
  REPLICATED_COLLECTIONS,
  isDeviceWritable,
  type PullRequest,
  type PushRefusal,
  type PushReport,
} from '#protocol/wire-messages.ts';
import type { HubDeviceEntry, HubDeviceList } from '#protocol/hub.ts';
import { readView } from '#protocol/rules/read-views.ts';
import { refuse } from '#protocol/rules/refusals.ts';
import { DomainError } from '#server/errors.ts';
import { deviceAuth, deviceOf } from '#server/http/auth.ts';
import { resolveLimits, type ServerLimits } from '#server/http/limits.ts';
import { installWriteLimit, WriteBudget } from '#server/http/write-limit.ts';
import { errorResponses } from '#server/http/schemas.ts';
import { SERVER_COLLECTIONS, type ServerCollection } from '#server/domain/collections.ts';
import type { PushRowInput } from '#server/domain/push-decision.ts';
import { selectStationDevices } from '#server/repositories/rule-facts-sql.ts';
import type { WireDoc } from '#server/domain/documents.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import {
  checkPushBatch,
  pullBodySchema,
  pullResponseSchema,
  pushBodySchema,
  pushReportSchema,
  type PushRowBody,
} from '#server/routes/pull-push.ts';
import { toIso } from '#server/repositories/rows.ts';

interface DeviceEntrySql {
  id: string;
  name: string;
  role: HubDeviceEntry['role'];
  issuing_slot: number;
  issuing_slots: number;
  credential_hash: string;
  revoked_at: unknown;
  hub: boolean;
}

/** The hub sees its station as a counter does: it serves counters, which need the staff list. */
const HUB_READ_ROLE = 'counter';

async function assertStationHub(repo: DistrictRepository, request: FastifyRequest): Promise<void> {
  const device = deviceOf(request);
  const [row] = await repo.db.query<{ hub: boolean }>('SELECT hub FROM devices WHERE id = $1', [device.id]);
  if (!row?.hub) {
    throw new DomainError(403, 'not_station_hub', 'only the station hub enrolled by the district may use this API');
  }
}

function hubPushSchema(collection: ServerCollection) {
  const base = pushBodySchema(collection);
  return {
    ...base,
    items: {
      ...base.items,
      properties: { ...base.items.properties, origin: { type: 'string', minLength: 1, maxLength: 64 } },
      required: ['newDocumentState', 'origin'],
    },
  } as const;
}

export const hubDistrictRoutes: FastifyPluginAsync<{
  repo: DistrictRepository;
  limits?: Partial<ServerLimits>;
}> = async (app, { repo, limits }) => {
  app.addHook('onRequest', deviceAuth(repo));
  app.addHook('onRequest', async (request) => assertStationHub(repo, request));
  // One budget per credential, as for devices: the hub carries its whole station's writes.
  installWriteLimit(app, new WriteBudget(resolveLimits(limits)));

  app.get('/devices', { schema: { response: errorResponses } }, async (request): Promise<HubDeviceList> => {
    const hub = deviceOf(request);
    const rows = await repo.db.query<DeviceEntrySql>(
      `SELECT id, name, role, issuing_slot, issuing_slots, credential_hash, revoked_at, hub
         FROM devices WHERE station_id = $1 ORDER BY id`,
      [hub.stationId],
    );
    return {
      stationId: hub.stationId,
      hubDeviceId: hub.id,
      devices: rows.map((r) => ({
        id: r.id,
        name: r.name,
        role: r.role,
        issuingSlot: r.issuing_slot,
        issuingSlots: r.issuing_slots,
        credentialHash: r.credential_hash,
        revokedAt: r.revoked_at === null ? null : toIso(r.revoked_at),
        hub: r.hub,
      })),
    };
  });

  for (const name of REPLICATED_COLLECTIONS) {
    const collection = SERVER_COLLECTIONS[name];
    app.post<{ Body: PullRequest }>(
      `/replication/${name}/pull`,
      {
        schema: { body: pullBodySchema, response: { 200: pullResponseSchema, ...errorResponses } },
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request) => {
        const hub = deviceOf(request);
        const page = await repo.replication.pull(
          name,
          hub.stationId,
          request.body.checkpoint ?? null,
          request.body.limit ?? PULL_LIMIT_DEFAULT,
        );
        return { ...page, documents: page.documents.map((doc) => readView(name, HUB_READ_ROLE, doc)) };
      },
    );
    if (!isDeviceWritable(name)) continue;
    app.post<{ Body: (PushRowBody & { origin: string })[] }>(
      `/replication/${name}/push`,
      {
        schema: { body: hubPushSchema(collection), response: { 200: pushReportSchema, ...errorResponses } },
        preValidation: async (request) => {
          if (Array.isArray(request.body) && request.body.length > PUSH_BATCH_MAX) {
            throw new DomainError(400, 'batch_too_large', `a push may carry at most ${PUSH_BATCH_MAX} documents`);
          }
        },
      },
      async (request, reply): Promise<PushReport<Record<string, unknown>>> => {
        const hub = deviceOf(request);
        const rows = request.body;
        checkPushBatch(rows);
        const origins = await selectStationDevices(repo.db, hub.stationId, [...new Set(rows.map((r) => r.origin))]);
        const conflicts: WireDoc[] = [];
        const refused: PushRefusal[] = [];
        const byOrigin = new Map<string, PushRowInput[]>();
        for (const row of rows) {
          const origin = origins.get(row.origin);
          if (!origin) {
            // Same words whether the device is another station's, revoked or unknown.
            refused.push({
              id: row.newDocumentState.id,
              ...refuse('wrong_device', `device "${row.origin}" is not a current device of station "${hub.stationId}"`),
            });
            continue;
          }
          const input: PushRowInput = row.assumedMasterState
            ? { assumedMasterState: row.assumedMasterState, newDocumentState: row.newDocumentState }
            : { newDocumentState: row.newDocumentState };
          byOrigin.set(row.origin, [...(byOrigin.get(row.origin) ?? []), input]);
        }
        // One ordinary push per origin: that device's role, slot and station, the same rules.
        for (const [originId, inputs] of byOrigin) {
          const outcome = await repo.replication.push(name, origins.get(originId)!, inputs);
          conflicts.push(...outcome.conflicts);
          refused.push(...outcome.refused);
        }
        if (refused.length > 0) void reply.header(PUSH_REFUSED_HEADER, String(refused.length));
        return { conflicts, refused };
      },
    );
  }
};
