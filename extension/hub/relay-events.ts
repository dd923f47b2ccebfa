/**
 * What the hub does with each event the relay pushes (protocol/events.ts). The handlers form
 * one table typed over ServerToClientEvents, and the socket is subscribed by walking that
 * table, so an event added to the contract and forgotten here does not compile, rather than
 * being dropped in silence (issue #12). Room events go to the panels watching their room; a
 * message or a presence change also makes an early join's answer stale; a DM goes to the intake
 * (dm-intake.ts), which opens it, keeps it on this device and shows it; every room message goes
 * on to the badge (attention.ts), which sees DMs from the intake whether a panel is open or not.
 */
import {
  ServerEvent,
  type DmDelivered,
  type Envelope,
  type Member,
  type RoomKey,
  type ServerToClientEventsV2,
  type SessionWelcome,
} from '../../protocol/index.ts';
import type { HubPushes } from '../messaging/panel-hub.ts';
import type { RelaySocket } from './connection.ts';
import type { RoomWatchers } from './room-watchers.ts';

/** One handler per server event, taking that event's payload. */
export type RelayEventTable = {
  [E in keyof ServerToClientEventsV2]: (payload: Parameters<ServerToClientEventsV2[E]>[0]) => void;
};

export interface RelayEventsOptions {
  rooms: RoomWatchers;
  welcomed(welcome: SessionWelcome): void;
  /** Every room message, after the panels have it: the badge and notifications. */
  posted(envelope: Envelope): void;
  /** A DM, still sealed (issue #15): the intake opens it and takes it from there. */
  dm(envelope: Envelope): void;
  /**
   * Someone seen arriving or renamed in `room`. An arrival carries the key they published there
   * (issue #15), or none for an older client; a rename carries one only when they joined again
   * with another key, and otherwise says nothing of it.
   */
  met(member: Member, room: RoomKey, how: 'joined' | 'renamed'): void;
  /** The recipient's browser has these DMs of this person's (issue #15). */
  delivered(update: DmDelivered): void;
  /**
   * To every panel of this browser: a DM's conversation may be open in a panel of any room (or
   * none, from the inbox), and it is this person's own, so no panel is the wrong one.
   */
  everyPanel<T extends keyof HubPushes>(type: T, payload: HubPushes[T]): void;
}

export function relayEvents(options: RelayEventsOptions): RelayEventTable {
  const { rooms, welcomed, posted, dm, met, delivered, everyPanel } = options;
  return {
    [ServerEvent.MessagePosted]: (envelope) => {
      if (envelope.to !== undefined) return dm(envelope);
      rooms.touched(envelope.room);
      rooms.pushToRoom(envelope.room, 'message:posted', envelope);
      posted(envelope);
    },
    [ServerEvent.DmDelivered]: delivered,
    [ServerEvent.SessionWelcome]: welcomed,
    [ServerEvent.PresenceUpdate]: (update) => {
      if (update.joined) met(update.joined, update.room, 'joined');
      else if (update.renamed) met(update.renamed, update.room, 'renamed');
      rooms.touched(update.room);
      rooms.pushToRoom(update.room, 'presence:update', update);
    },
    [ServerEvent.RoomMode]: (update) => rooms.pushToRoom(update.room, 'room:mode', update),
    [ServerEvent.SessionBanned]: (ban) => everyPanel('session:banned', ban),
    [ServerEvent.Typing]: (event) =>
      event.to === undefined ? rooms.pushToRoom(event.room, 'typing', event) : everyPanel('typing', event),
  };
}

/** Subscribes `socket` to every event in `table`. */
export function listenToRelay(socket: RelaySocket, table: RelayEventTable): void {
  for (const event of Object.keys(table) as Array<keyof RelayEventTable>) {
    // Socket.IO's typed `on` pairs one literal event name with its listener, not a union of them.
    socket.on(event, table[event] as never);
  }
}
