/**
 * GET /updates/:channel/:file — the kiosk's own updates, served to
 * electron-updater's generic provider from the folder `serve --updates-dir`
 * names (naming: sync/protocol/update-feed.ts; folder: sync/server/updates/layout.ts;
 * publishing: updates/publish.ts).
 * Without a folder every request is a 404 that says how to turn it on.
 *
 * No device credential is asked for: the files are the installer anyone at a
 * station may have, and electron-updater's generic provider cannot sign
 * requests per device without extra wiring. Integrity comes from the sha512 in
 * the channel file, so the district must be reached over HTTPS.
 *
 * Ranges are not served (`accept-ranges: none`): electron-updater then skips its
 * differential download and fetches the whole file, which it verifies anyway.
 */
import { open } from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '#server/errors.ts';
import { errorResponses } from '#server/http/schemas.ts';
import {
  UPDATES_PREFIX,
  UPDATE_CHANNEL_PATTERN,
  UPDATE_FILE_NAME_PATTERN,
  isChannelFile,
} from '#protocol/update-feed.ts';
import { resolveUpdateFile } from '#server/updates/layout.ts';

declare module '../app.ts' {
  interface AppOptions {
    /** Folder of kiosk update files served under /updates (see routes/updates.ts); absent: /updates answers 404. */
    updatesDir?: string;
  }
}

export interface UpdateRouteOptions {
  updatesDir?: string;
}

interface UpdateParams {
  channel: string;
  file: string;
}

const paramsSchema = {
  type: 'object',
  properties: {
    channel: { type: 'string', pattern: UPDATE_CHANNEL_PATTERN },
    file: { type: 'string', pattern: UPDATE_FILE_NAME_PATTERN },
  },
  required: ['channel', 'file'],
  additionalProperties: false,
} as const;

/** Serves the update folder; see the module comment. */
export const updateRoutes: FastifyPluginAsync<UpdateRouteOptions> = async (app, { updatesDir }) => {
  app.route<{ Params: UpdateParams }>({
    method: ['GET', 'HEAD'],
    url: `${UPDATES_PREFIX}/:channel/:file`,
    // Fastify's automatic HEAD would read the whole artifact just to throw it away.
    exposeHeadRoute: false,
    schema: { params: paramsSchema, response: errorResponses },
    handler: async (request, reply) => {
      const { channel, file } = request.params;
      if (!updatesDir) {
        throw new DomainError(
          404,
          'not_found',
          'this district server publishes no kiosk updates; start it with --updates-dir <folder> (or UPDATES_DIR)',
        );
      }
      const path = await resolveUpdateFile(updatesDir, channel, file);
      if (!path) throw new DomainError(404, 'not_found', `there is no update file ${channel}/${file}`);
      // One open handle for the size and the bytes, so a file replaced in between cannot mismatch.
      const handle = await open(path, 'r');
      let size: number;
      try {
        size = (await handle.stat()).size;
      } catch (error) {
        await handle.close();
        throw error;
      }
      reply
        .header('content-length', size)
        .header('accept-ranges', 'none')
        // Channel files change with every publish; artifacts are named by version but may be rebuilt.
        .header('cache-control', 'no-cache')
        .type(isChannelFile(file) ? 'text/yaml; charset=utf-8' : 'application/octet-stream');
      if (request.method === 'HEAD') {
        await handle.close();
        return reply.send();
      }
      return reply.send(handle.createReadStream());
    },
  });
};
