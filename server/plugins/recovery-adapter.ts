/**
 * Socket.IO's connection-state recovery keeps every room broadcast for its whole window (two
 * minutes) so that a client back from a short drop gets what it missed. Unbounded, that buffer
 * is what a flood of cheap broadcasts fills (one user's renames in twenty rooms made 400,000 of
 * them). So it is bounded, and presence and typing are never kept in it: a reconnecting client
 * learns who is here from its join snapshot, and a stale "typing" is worth nothing.
 */
import { Adapter, SessionAwareAdapter } from 'socket.io-adapter';
import type { Namespace } from 'socket.io';
import { ServerEvent } from '../../protocol/index.ts';

/** Events that describe the moment, not the conversation: never replayed. */
const TRANSIENT_EVENTS: ReadonlySet<unknown> = new Set([ServerEvent.PresenceUpdate, ServerEvent.Typing]);

/** Sessions of dropped connections kept at once; past it the oldest cannot be recovered. */
const MAX_SESSIONS = 100_000;

type Packet = { type: number; data?: unknown[] };
/** The adapter option's factory form (createAdapter's result), as Socket.IO calls it per namespace. */
type AdapterFactory = (nsp: Namespace) => Adapter;

const isTransient = (packet: Packet): boolean => packet.type === 2 && TRANSIENT_EVENTS.has(packet.data?.[0]);

/** Drops the oldest of `items` once it is a tenth over `max`, so trimming costs O(1) per item. */
function trimOldest<T>(items: T[], max: number): void {
  if (items.length > max + Math.max(1, Math.floor(max / 10))) items.splice(0, items.length - max);
}

/** The one-node adapter: Socket.IO's own recovery buffer, at most `maxPackets` broadcasts long. */
export function boundedRecoveryAdapter(maxPackets: number) {
  return class BoundedRecoveryAdapter extends SessionAwareAdapter {
    // SessionAwareAdapter's own fields, private in its typings: what this class bounds.
    #internals = this as unknown as { packets: unknown[]; sessions: Map<string, unknown> };

    override broadcast(packet: Packet, opts: Parameters<SessionAwareAdapter['broadcast']>[1]): void {
      // The plain adapter's broadcast delivers without recording.
      if (isTransient(packet) || maxPackets === 0) return Adapter.prototype.broadcast.call(this, packet, opts);
      super.broadcast(packet, opts);
      trimOldest(this.#internals.packets, maxPackets);
    }

    override persistSession(session: Parameters<SessionAwareAdapter['persistSession']>[0]): void {
      super.persistSession(session);
      const { sessions } = this.#internals;
      for (const pid of sessions.keys()) {
        if (sessions.size <= MAX_SESSIONS) break;
        sessions.delete(pid);
      }
    }
  };
}

/**
 * The Redis streams adapter keeps broadcasts in its stream (bounded by the stream's length), as
 * that is also how they reach the other nodes; presence and typing are taken out of what a
 * recovered session replays instead.
 */
export function withoutTransientReplay(factory: AdapterFactory): AdapterFactory {
  // A function, not an arrow: Socket.IO calls the adapter option with `new`.
  return function adapterWithoutTransientReplay(nsp) {
    const adapter = factory(nsp);
    const restore = adapter.restoreSession.bind(adapter);
    adapter.restoreSession = async (pid, offset) => {
      const session = await restore(pid, offset);
      if (session) {
        session.missedPackets = session.missedPackets.filter((data: unknown[]) => !TRANSIENT_EVENTS.has(data[0]));
      }
      return session;
    };
    return adapter;
  };
}
