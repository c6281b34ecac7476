/**
 * Child-process entry: holds thousands of multiplexed replication streams (one
 * socket each, bench/sync/raw-stream.ts) so the bench process stays within its
 * file-descriptor limit and its own event loop stays free. Over IPC:
 *   ← {type:'open', streams:[{url, credential, tag}]}  → {type:'opened', ok, failed, firstError}
 *   → {type:'events', events:[[ticketId, atMs, tag], …]} every 50 ms while events arrive
 *   ← {type:'close'} → exits
 */
import { openRawStream, type RawStream } from '#bench/sync/raw-stream.ts';
import { mapLimit } from '#bench/sync/util.ts';

interface StreamSpec {
  url: string;
  credential: string;
  /** Opaque to this process: which station and device the stream belongs to. */
  tag: number;
}

const open: RawStream[] = [];
let batch: [string, number, number][] = [];
setInterval(() => {
  if (batch.length === 0) return;
  process.send?.({ type: 'events', events: batch });
  batch = [];
}, 50);

process.on('disconnect', () => process.exit(0));
process.on('message', (message: { type?: string; streams?: StreamSpec[] }) => {
  if (message?.type === 'close') {
    for (const s of open) s.close();
    process.exit(0);
  }
  if (message?.type !== 'open' || !message.streams) return;
  let failed = 0;
  let firstError = '';
  void mapLimit(message.streams, 64, async (spec) => {
    try {
      open.push(
        await openRawStream(
          spec.url,
          spec.credential,
          (event, at) => {
            if (event.collection !== 'tickets' || event.message === 'RESYNC') return;
            for (const doc of event.message.documents) batch.push([String(doc.id), at, spec.tag]);
          },
          120_000,
        ),
      );
    } catch (error) {
      failed++;
      firstError ||= (error as Error).message;
    }
  }).then(() => process.send?.({ type: 'opened', ok: open.length, failed, firstError }));
});
