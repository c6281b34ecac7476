/** A minimal server-sent-events client over fetch, as a device would use it (EventSource cannot send headers). */
export interface SseClient {
  status: number;
  /** JSON `data:` payloads received so far. */
  messages: unknown[];
  /** Comment lines (heartbeats) received so far. */
  comments: string[];
  /** Resolves with the next message matching `predicate` (including ones already received and not yet taken). */
  next(predicate?: (message: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openStream(url: string, headers: Record<string, string>): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const messages: unknown[] = [];
  const comments: string[] = [];
  let taken = 0;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };

  const ended = (async () => {
    if (!res.body) return;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          for (const line of event.split('\n')) {
            if (line.startsWith('data: ')) messages.push(JSON.parse(line.slice(6)));
            else if (line.startsWith(':')) comments.push(line.slice(1).trim());
          }
          notify();
        }
      }
    } catch {
      // aborted by close()
    } finally {
      notify();
    }
  })();

  let isEnded = false;
  void ended.then(() => {
    isEnded = true;
  });

  return {
    status: res.status,
    messages,
    comments,
    ended,
    close: () => abort.abort(),
    async next(predicate = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (taken < messages.length) {
          const message = messages[taken++];
          if (predicate(message)) return message;
        }
        if (isEnded) throw new Error('stream ended before the expected message');
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`no matching stream message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, left);
        });
      }
    },
  };
}
