/**
 * MAX_QUEUED_BYTES_PER_CONNECTION (issue #11): a client that asks for answers and never reads
 * them makes the relay hold every byte it has not managed to send, without limit (the issue's
 * slow reader grew the relay by 700 MB). A connection's pending bytes are what Engine.IO has
 * queued and not yet handed to the websocket, plus what the websocket's TCP socket has not yet
 * written to the kernel; past the cap the connection is cut at once: its TCP socket destroyed,
 * which frees both buffers, ends the websocket and disconnects the Socket.IO socket (reason
 * `transport close`), as if the client had gone away. Nobody else notices.
 *
 * Engine.IO's queue is counted as packets are created and reset when it is flushed, rather than
 * summed on every packet; the socket's part is its `writableLength`, which Node keeps.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ChatServer, ChatSocket } from './types.ts';

type EngineServer = ChatServer['engine'];
type EngineSocket = ChatSocket['conn'];

/** The part of an Engine.IO packet that is written out. */
interface Packet {
  data?: string | Buffer | ArrayBuffer | ArrayBufferView;
}

const sizeOf = ({ data }: Packet): number => {
  if (data === undefined) return 0;
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
};

/** Watches every connection `engine` opens and cuts each one whose pending bytes pass `maxQueuedBytes` (0: off). */
export function enforceWriteBudget(engine: EngineServer, maxQueuedBytes: number, log: FastifyBaseLogger): void {
  if (maxQueuedBytes === 0) return;
  engine.on('connection', (conn: EngineSocket) => {
    const tcp = conn.request.socket;
    let queued = 0;
    conn.on('packetCreate', (packet: Packet) => {
      queued += sizeOf(packet);
      if (queued + tcp.writableLength <= maxQueuedBytes || tcp.destroyed) return;
      log.info(
        { address: conn.remoteAddress, queuedBytes: queued + tcp.writableLength },
        'closed a connection that does not read what it asks for',
      );
      tcp.destroy();
    });
    conn.on('flush', () => {
      queued = 0;
    });
  });
}
