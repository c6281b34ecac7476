/**
 * A loopback HTTP proxy between devices and the district that misbehaves on
 * purpose: it delays, drops (no answer, then the connection closes), resets,
 * holds a request until released, forwards a push and cuts the connection
 * before the answer (the write is committed, the device sees an error), cuts
 * the live streams, and partitions (every connection refused and cut). It also
 * half-kills connections the way a dropped NAT entry or a dead access point does:
 * a request that is never answered and never closed (blackhole), and an answer
 * that stops after its first bytes with the connection left open (stall) — on a
 * live stream, silence where heartbeats should be. And it replays requests. Listens
 * on 127.0.0.1 only. Each request is classified by path (pull, push, stream,
 * other) so a test can aim at one kind.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type RequestKind = 'pull' | 'push' | 'stream' | 'other';

export interface ProxiedRequest {
  kind: RequestKind;
  method: string;
  url: string;
}

export type Fault =
  | { type: 'pass' }
  | { type: 'delay'; ms: number }
  | { type: 'drop'; ms: number }
  | { type: 'reset' }
  | { type: 'hold'; until: Promise<void> }
  /** Forwarded and answered by the district, but the device never gets the answer. */
  | { type: 'cut-after-response' }
  /** Never forwarded, never answered, never closed: the device hears nothing at all. */
  | { type: 'blackhole' }
  /**
   * Forwarded (a push is committed); the device gets the status, the headers and
   * the first `afterBytes` bytes of the body, then nothing more on a connection
   * that stays open. Not ended by cutStreams(): only a partition or close() ends it.
   */
  | { type: 'stall'; afterBytes: number }
  /**
   * Forwarded and answered as usual, then sent to the district once more after
   * `afterMs` (a duplicated request), whose answer nobody reads. Not for streams.
   */
  | { type: 'replay'; afterMs: number };

export interface FaultProxy {
  url: string;
  /** Decides each request's fault; the default passes everything. */
  setFaults(decide: (request: ProxiedRequest) => Fault): void;
  /** Refuse and cut every connection until heal(). */
  partition(): void;
  heal(): void;
  /** Ends every open live stream (the devices reconnect). */
  cutStreams(): void;
  /** Requests seen per kind, and stream chunks forwarded (events and heartbeats). */
  readonly counts: Record<RequestKind | 'streamChunks' | 'streamsOpened', number>;
  close(): Promise<void>;
}

function kindOf(url: string): RequestKind {
  const path = url.split('?')[0] ?? '';
  if (path.endsWith('/pull')) return 'pull';
  if (path.endsWith('/push')) return 'push';
  if (path.endsWith('/stream')) return 'stream';
  return 'other';
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let decide: (request: ProxiedRequest) => Fault = () => ({ type: 'pass' });
  let partitioned = false;
  const sockets = new Set<Socket>();
  const streams = new Set<() => void>();
  const counts = { pull: 0, push: 0, stream: 0, other: 0, streamChunks: 0, streamsOpened: 0 };

  const server = http.createServer((req, res) => {
    const request: ProxiedRequest = { kind: kindOf(req.url ?? ''), method: req.method ?? 'GET', url: req.url ?? '/' };
    counts[request.kind]++;
    void handle(request, req, res);
  });
  server.on('connection', (socket) => {
    if (partitioned) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(request: ProxiedRequest, req: http.IncomingMessage, res: http.ServerResponse) {
    const fault = partitioned ? ({ type: 'reset' } as const) : decide(request);
    const kill = () => req.socket.destroy();
    // Read the body first: a held or delayed push is fully sent, as on a slow link.
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (fault.type === 'reset') return kill();
    if (fault.type === 'drop') {
      await wait(fault.ms);
      return kill();
    }
    if (fault.type === 'blackhole') return;
    if (fault.type === 'delay') await wait(fault.ms);
    if (fault.type === 'hold') await fault.until;
    if (partitioned || req.socket.destroyed) return kill();
    const options = {
      host: upstream.hostname,
      port: upstream.port,
      method: request.method,
      path: request.url,
      headers: { ...req.headers, host: upstream.host },
    };
    if (fault.type === 'replay') {
      setTimeout(() => {
        const again = http.request(options, (answer) => answer.resume());
        again.on('error', () => undefined);
        again.end(Buffer.concat(chunks));
      }, fault.afterMs);
    }
    const forward = http.request(options, (answer) => {
      if (fault.type === 'cut-after-response') {
        answer.resume();
        answer.on('end', kill);
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      if (fault.type === 'stall') {
        // The district's side stays busy and alive (its writes are read and dropped).
        let left = fault.afterBytes;
        answer.on('data', (chunk: Buffer) => {
          if (left <= 0) return;
          res.write(chunk.subarray(0, left));
          left -= chunk.length;
        });
        res.flushHeaders();
        return;
      }
      if (request.kind === 'stream' && answer.statusCode === 200) {
        counts.streamsOpened++;
        const cut = () => {
          answer.destroy();
          kill();
        };
        streams.add(cut);
        res.on('close', () => streams.delete(cut));
        answer.on('data', () => counts.streamChunks++);
      }
      answer.pipe(res);
      answer.on('error', kill);
    });
    forward.on('error', kill);
    res.on('close', () => forward.destroy());
    forward.end(Buffer.concat(chunks));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const cutAll = () => {
    for (const cut of [...streams]) cut();
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    setFaults(next) {
      decide = next;
    },
    partition() {
      partitioned = true;
      cutAll();
    },
    heal() {
      partitioned = false;
    },
    cutStreams() {
      for (const cut of [...streams]) cut();
    },
    async close() {
      partitioned = true;
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
