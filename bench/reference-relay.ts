/**
 * The reference: a bare Socket.IO relay, the least any relay does. A connection joins a room,
 * sends to it (broadcast to the room but the sender) or to one socket, and is acknowledged.
 * Same transports (websocket only), buffer size, heartbeat and HTTP server kind as ours, no
 * validation, storage, identity or recovery. `PORT` and `HOST` from the environment, like ours;
 * `GET /healthz` answers 200 when it listens.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { ReferenceEvent } from './protocol.ts';

type Ack = (answer: { ok: true }) => void;

const port = Number(process.env.PORT ?? 3001);
const host = process.env.HOST ?? '127.0.0.1';
const http = createServer((request, response) => {
  if (request.url === '/healthz') response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  else response.writeHead(404).end();
});
const io = new Server(http, {
  transports: ['websocket'],
  maxHttpBufferSize: Number(process.env.MAX_PAYLOAD_BYTES ?? 32_768),
  pingInterval: Number(process.env.PING_INTERVAL_MS ?? 20_000),
  serveClient: false,
});

io.on('connection', (socket) => {
  socket.on(ReferenceEvent.Join, (payload: { room: string }, ack: Ack) => {
    void socket.join(payload.room);
    ack({ ok: true });
  });
  socket.on(ReferenceEvent.Send, (payload: { room: string; clientId: string; text: string }, ack: Ack) => {
    socket.to(payload.room).emit(ReferenceEvent.Message, payload);
    ack({ ok: true });
  });
  socket.on(ReferenceEvent.Dm, (payload: { to: string; clientId: string; text: string }, ack: Ack) => {
    socket.to(payload.to).emit(ReferenceEvent.DirectMessage, payload);
    ack({ ok: true });
  });
});

const stop = (): void => {
  io.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
http.listen(port, host);
