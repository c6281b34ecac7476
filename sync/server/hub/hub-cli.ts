/**
 * Runs a station hub (sync/README.md, "Station hub"):
 *   HUB_CREDENTIAL=dsk_… node --import tsx sync/server/hub/hub-cli.ts \
 *       --district https://district.example:8787 [--port 8788] [--host 0.0.0.0] [--data-dir .data/hub]
 * The credential comes from enrolling with a hub code (`npm run district -- enrol-code <station> --hub`).
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger } from '#server/logger.ts';
import { DEFAULT_HUB_PORT } from '#protocol/hub.ts';
import { startHub } from './hub-server.ts';

export { DEFAULT_HUB_PORT };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      district: { type: 'string' },
      port: { type: 'string', default: String(DEFAULT_HUB_PORT) },
      host: { type: 'string', default: '0.0.0.0' },
      'data-dir': { type: 'string', default: '.data/hub' },
    },
  });
  const log = createLogger();
  const credential = process.env.HUB_CREDENTIAL;
  if (!values.district || !credential) {
    process.stderr.write('usage: HUB_CREDENTIAL=… hub-cli.ts --district <url> [--port] [--host] [--data-dir]\n');
    process.exitCode = 2;
    return;
  }
  const hub = await startHub({
    districtUrl: values.district,
    credential,
    port: Number(values.port),
    host: values.host,
    dataDir: values['data-dir'],
    logger: log,
  });
  log.info({ url: hub.url, district: values.district }, 'station hub listening');
  const stop = () => void hub.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
