/**
 * Keeps this node's presence alive in shared storage and clears out the nodes that died.
 * Beats three times per timeout, so one lost beat is no death; sweeps four times per timeout,
 * so a dead node's users leave within 1.25 timeouts and are announced with `left` by whichever
 * node swept them. After any gap in its own beats (Redis was down, for everyone alike) a node
 * waits a full timeout before sweeping, so the others have had time to beat again. A node that
 * finds itself swept (it was cut off while the others were not) disconnects its clients: they
 * reconnect and join again, which writes their presence back.
 */
import type { FastifyBaseLogger } from 'fastify';
import { ServerEvent } from '../../protocol/index.ts';
import type { NodeLiveness } from '../stores/types.ts';
import type { Aliases } from './aliases.ts';
import { roomChannel } from './channels.ts';
import type { ChatServer } from './types.ts';

export function startLiveness(
  io: ChatServer,
  aliases: Aliases,
  liveness: NodeLiveness,
  timeoutMs: number,
  log: FastifyBaseLogger,
): () => void {
  let beatingSince: number | null = null;

  async function beat(): Promise<void> {
    try {
      const swept = await liveness.heartbeat();
      beatingSince ??= Date.now();
      if (swept) {
        log.warn('this node was taken for dead; its clients reconnect');
        io.local.disconnectSockets(true);
      }
    } catch {
      beatingSince = null; // Redis is down: readiness reports it; the client logs it.
    }
  }

  async function sweep(): Promise<void> {
    if (beatingSince === null || Date.now() - beatingSince < timeoutMs) return;
    await aliases.load();
    for (const { room, userId, memberCount } of await liveness.sweep(timeoutMs)) {
      const left = aliases.of(userId, room);
      io.to(roomChannel(room)).emit(ServerEvent.PresenceUpdate, { room, left, memberCount });
    }
  }

  void beat();
  const beating = setInterval(() => void beat(), Math.floor(timeoutMs / 3));
  const sweeping = setInterval(() => void sweep().catch(() => undefined), Math.floor(timeoutMs / 4));
  return () => {
    clearInterval(beating);
    clearInterval(sweeping);
  };
}
