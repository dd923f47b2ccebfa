/**
 * A websocket that speaks Engine.IO and Socket.IO framing by hand (`40{auth}` connects,
 * `42<id>[event, payload]` asks, `43<id>[answer]` answers), for what socket.io-client would never
 * do: ignore a refusal, never connect to the chat, or never read.
 */
import WebSocket from 'ws';

export interface RawSocket {
  ws: WebSocket;
  /** Sends one Engine.IO frame as is. */
  send(frame: string): void;
  /** The next frame (from now on) that `pattern` matches. */
  frame(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when the websocket is closed, by either side. */
  closed: Promise<void>;
}

/** The Engine.IO websocket endpoint of a server at `url` (http://host:port). */
const endpoint = (url: string): string => `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;

/** Opens a websocket and waits for Engine.IO's open packet; rejects when the upgrade is refused. */
export function openRaw(url: string, headers: Record<string, string> = {}): Promise<RawSocket> {
  const ws = new WebSocket(endpoint(url), { headers });
  const waiting = new Set<{ pattern: RegExp; resolve: (frame: string) => void }>();
  ws.on('message', (data: WebSocket.RawData) => {
    const frame = data.toString();
    // Answer the server's heartbeat, as a live client would.
    if (frame === '2') ws.send('3');
    for (const waiter of waiting) {
      if (!waiter.pattern.test(frame)) continue;
      waiting.delete(waiter);
      waiter.resolve(frame);
    }
  });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  const raw: RawSocket = {
    ws,
    send: (frame) => ws.send(frame),
    closed,
    frame: (pattern, timeoutMs = 2000) =>
      new Promise((resolve, reject) => {
        const waiter = {
          pattern,
          resolve: (frame: string) => {
            clearTimeout(timer);
            resolve(frame);
          },
        };
        const timer = setTimeout(() => {
          waiting.delete(waiter);
          reject(new Error(`no frame matching ${pattern} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.add(waiter);
      }),
  };
  const opened = raw.frame(/^0/);
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('unexpected-response', (_request, response) => {
      reject(new Error(`upgrade refused: ${response.statusCode}`));
      ws.terminate();
    });
    opened.then(() => resolve(raw), reject);
  });
}

/** Asks to join the chat with `auth`; answers Socket.IO's reply: `40{...}` admitted, `44{...}` refused. */
export async function rawConnect(raw: RawSocket, auth: unknown): Promise<string> {
  const answer = raw.frame(/^4[04]/);
  raw.send(`40${JSON.stringify(auth)}`);
  return answer;
}

/** Sends a request with acknowledgement id `ackId`, without waiting for its answer. */
export function rawRequest(raw: RawSocket, ackId: number, event: string, payload: unknown): void {
  raw.send(`42${ackId}${JSON.stringify([event, payload])}`);
}
