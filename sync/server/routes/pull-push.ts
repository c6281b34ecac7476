/**
 * RxDB replication endpoints, one set per collection:
 *   GET|POST /api/v1/replication/<collection>/pull
 *   POST     /api/v1/replication/<collection>/push
 *   GET      /api/v1/replication/<collection>/stream  (routes/stream.ts)
 * The prefix and the device authentication hook come from app.ts.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  PULL_LIMIT_DEFAULT,
  PULL_LIMIT_MAX,
  PUSH_BATCH_MAX,
  PUSH_REFUSED_HEADER,
  PUSH_REPORT_MEDIA_TYPE,
  REPLICATED_COLLECTIONS,
  isDeviceWritable,
  type PushReport,
  type PullRequest,
  type PullResponse,
  type ReplicationCheckpoint,
} from '#protocol/wire-messages.ts';
import { readView } from '#protocol/rules/read-views.ts';
import { REFUSAL_CODES } from '#protocol/rules/refusals.ts';
import { DomainError } from '#server/errors.ts';
import { deviceOf } from '#server/http/auth.ts';
import { anyDocumentSchema, checkpointSchema, errorResponses, nullableCheckpointSchema } from '#server/http/schemas.ts';
import { SERVER_COLLECTIONS, type ServerCollection } from '#server/domain/collections.ts';
import type { WireDoc } from '#server/domain/documents.ts';
import type { PushRowInput } from '#server/domain/push-decision.ts';
import { assertStorableText } from '#server/domain/text-safety.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';

const limitSchema = { type: 'integer', minimum: 1, maximum: PULL_LIMIT_MAX } as const;

const pullQuerySchema = {
  type: 'object',
  properties: {
    checkpoint_lwt: checkpointSchema.properties.lwt,
    checkpoint_id: checkpointSchema.properties.id,
    limit: { ...limitSchema, default: PULL_LIMIT_DEFAULT },
  },
  // A checkpoint is both fields or neither.
  dependencies: { checkpoint_lwt: ['checkpoint_id'], checkpoint_id: ['checkpoint_lwt'] },
  additionalProperties: false,
} as const;

export const pullBodySchema = {
  type: 'object',
  properties: { checkpoint: nullableCheckpointSchema, limit: limitSchema },
  additionalProperties: false,
} as const;

export const pullResponseSchema = {
  type: 'object',
  properties: { documents: { type: 'array', items: anyDocumentSchema }, checkpoint: nullableCheckpointSchema },
  required: ['documents', 'checkpoint'],
} as const;

export function pushBodySchema(collection: ServerCollection) {
  return {
    type: 'array',
    maxItems: PUSH_BATCH_MAX,
    items: {
      type: 'object',
      properties: {
        // The device's copy of a server document: only compared, never stored, so
        // it is not held to the schema (an old version must still conflict cleanly).
        assumedMasterState: {
          oneOf: [{ type: 'null' }, { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }],
        },
        newDocumentState: collection.wireSchema,
      },
      required: ['newDocumentState'],
      additionalProperties: false,
    },
  } as const;
}

const conflictsSchema = { type: 'array', items: anyDocumentSchema } as const;

export const pushReportSchema = {
  type: 'object',
  properties: {
    conflicts: conflictsSchema,
    refused: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          code: { type: 'string', enum: [...REFUSAL_CODES] },
          message: { type: 'string' },
        },
        required: ['id', 'code', 'message'],
      },
    },
  },
  required: ['conflicts', 'refused'],
} as const;

/** RxDB's plain array of conflicts, or the report a device asks for (see PUSH_REPORT_MEDIA_TYPE). */
const pushResponseSchema = { anyOf: [conflictsSchema, pushReportSchema] } as const;

function wantsReport(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes(PUSH_REPORT_MEDIA_TYPE);
}

interface PullQuery {
  checkpoint_lwt?: number;
  checkpoint_id?: string;
  limit: number;
}

export interface PushRowBody {
  assumedMasterState?: Record<string, unknown> | null;
  newDocumentState: Record<string, unknown> & { id: string };
}

/**
 * Pull answers a malformed checkpoint with its own code, so a client can tell
 * "my stored checkpoint is broken, reset it" from "my request is wrong".
 */
function rethrowPullValidation(request: FastifyRequest): void {
  const error = request.validationError;
  if (!error) return;
  const failures: { instancePath: string; params?: Record<string, unknown> }[] = error.validation ?? [];
  const aboutCheckpoint = failures.some(
    (f) =>
      f.instancePath.includes('checkpoint') ||
      String(f.params?.missingProperty ?? f.params?.property ?? '').includes('checkpoint'),
  );
  if (aboutCheckpoint)
    throw new DomainError(400, 'invalid_checkpoint', `the checkpoint is malformed: ${error.message}`);
  throw error;
}

function registerPull(app: FastifyInstance, repo: DistrictRepository, collection: ServerCollection): void {
  // Each role reads only what it needs (READ_TABLE): hidden fields are cut here, after the page is read.
  const pull = async (request: FastifyRequest, checkpoint: ReplicationCheckpoint | null, limit: number) => {
    const device = deviceOf(request);
    const page = await repo.replication.pull(collection.name, device.stationId, checkpoint, limit);
    return { ...page, documents: page.documents.map((doc) => readView(collection.name, device.role, doc)) };
  };
  const response = { 200: pullResponseSchema, ...errorResponses };

  app.get<{ Querystring: PullQuery }>(
    `/${collection.name}/pull`,
    { schema: { querystring: pullQuerySchema, response }, attachValidation: true },
    async (request): Promise<PullResponse<Record<string, unknown>>> => {
      rethrowPullValidation(request);
      const { checkpoint_lwt: lwt, checkpoint_id: id, limit } = request.query;
      return pull(request, lwt !== undefined && id !== undefined ? { lwt, id } : null, limit);
    },
  );

  app.post<{ Body: PullRequest }>(
    `/${collection.name}/pull`,
    {
      schema: { body: pullBodySchema, response },
      attachValidation: true,
      // An empty POST is a pull from the beginning with the default limit.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request): Promise<PullResponse<Record<string, unknown>>> => {
      rethrowPullValidation(request);
      return pull(request, request.body.checkpoint ?? null, request.body.limit ?? PULL_LIMIT_DEFAULT);
    },
  );
}

/** Checks on a schema-valid push that need no database: duplicate ids and text jsonb cannot store. */
export function checkPushBatch(rows: readonly PushRowBody[]): void {
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const id = row.newDocumentState.id;
    if (seen.has(id))
      throw new DomainError(400, 'duplicate_document', `document "${id}" appears twice in one push (row ${i})`);
    seen.add(id);
    assertStorableText(row.newDocumentState, `row ${i} newDocumentState`);
  });
}

function registerPush(app: FastifyInstance, repo: DistrictRepository, collection: ServerCollection): void {
  app.post<{ Body: PushRowBody[] }>(
    `/${collection.name}/push`,
    {
      schema: { body: pushBodySchema(collection), response: { 200: pushResponseSchema, ...errorResponses } },
      // Before the body is read: a device never writes the catalog, whatever it sends.
      onRequest: async () => {
        if (!collection.deviceWritable) {
          throw new DomainError(
            403,
            'collection_read_only',
            `devices cannot write ${collection.name}; only the district publishes it`,
          );
        }
      },
      // Before schema validation, so an oversized batch costs no per-document work.
      preValidation: async (request) => {
        if (Array.isArray(request.body) && request.body.length > PUSH_BATCH_MAX) {
          throw new DomainError(
            400,
            'batch_too_large',
            `a push may carry at most ${PUSH_BATCH_MAX} documents, got ${request.body.length}`,
          );
        }
      },
    },
    async (request, reply): Promise<WireDoc[] | PushReport<Record<string, unknown>>> => {
      const name = collection.name;
      if (!isDeviceWritable(name)) throw new Error(`push route on read-only collection ${name}`);
      const rows = request.body;
      checkPushBatch(rows);
      const report = wantsReport(request);
      if (rows.length === 0) return report ? { conflicts: [], refused: [] } : [];
      const input: PushRowInput[] = rows.map((r) =>
        r.assumedMasterState
          ? { assumedMasterState: r.assumedMasterState, newDocumentState: r.newDocumentState }
          : { newDocumentState: r.newDocumentState },
      );
      const outcome = await repo.replication.push(name, deviceOf(request), input);
      if (outcome.refused.length > 0) void reply.header(PUSH_REFUSED_HEADER, String(outcome.refused.length));
      if (!report) return outcome.conflicts;
      void reply.type(PUSH_REPORT_MEDIA_TYPE);
      return outcome;
    },
  );
}

/**
 * JSON as usual, except that a pull whose JSON body is empty (zero bytes, as a bare
 * `fetch(url, {method: 'POST', headers: {'content-type': 'application/json'}})` sends)
 * is a pull from the beginning, like a POST without a body — not a 400.
 */
function allowEmptyPullBody(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' && request.method === 'POST' && (request.routeOptions.url ?? '').endsWith('/pull'))
      return done(null, undefined);
    json(request, typeof body === 'string' ? body : body.toString('utf8'), done);
  });
}

/** Pull and push for every replicated collection. */
export const replicationRoutes: FastifyPluginAsync<{ repo: DistrictRepository }> = async (app, { repo }) => {
  allowEmptyPullBody(app);
  for (const name of REPLICATED_COLLECTIONS) {
    registerPull(app, repo, SERVER_COLLECTIONS[name]);
    registerPush(app, repo, SERVER_COLLECTIONS[name]);
  }
};
