import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ServerEvent,
  type Envelope,
  type PresenceUpdate,
  type ServerToClientEventsV2,
  type SessionWelcome,
  type TypingEvent,
} from '../../protocol/index.ts';
import type { RelaySocket } from './connection.ts';
import { listenToRelay, relayEvents, type RelayEventTable } from './relay-events.ts';

const ignore = (): void => undefined;

const complete: RelayEventTable = {
  [ServerEvent.MessagePosted]: ignore,
  [ServerEvent.SessionWelcome]: ignore,
  [ServerEvent.PresenceUpdate]: ignore,
  [ServerEvent.Typing]: ignore,
  [ServerEvent.RoomMode]: ignore,
  [ServerEvent.SessionBanned]: ignore,
  [ServerEvent.DmDelivered]: ignore,
};

describe('the relay event table', () => {
  it('has one handler per server event of the v2 contract, taking that event’s payload', () => {
    expectTypeOf<keyof RelayEventTable>().toEqualTypeOf<keyof ServerToClientEventsV2>();
    expectTypeOf<Parameters<RelayEventTable['message:posted']>[0]>().toEqualTypeOf<Envelope>();
    expectTypeOf<Parameters<RelayEventTable['session:welcome']>[0]>().toEqualTypeOf<SessionWelcome>();
    expectTypeOf<Parameters<RelayEventTable['presence:update']>[0]>().toEqualTypeOf<PresenceUpdate>();
    expectTypeOf<Parameters<RelayEventTable['typing']>[0]>().toEqualTypeOf<TypingEvent>();
    // The hub's own table is declared as one, so its gaps are compile errors where it is written.
    expectTypeOf(relayEvents).returns.toEqualTypeOf<RelayEventTable>();
  });

  it('does not compile with an event left out, as when the contract gains one the hub forgets', () => {
    // @ts-expect-error session:welcome has no handler
    const missing: RelayEventTable = {
      [ServerEvent.MessagePosted]: ignore,
      [ServerEvent.PresenceUpdate]: ignore,
      [ServerEvent.Typing]: ignore,
    };
    expect(Object.keys(missing)).not.toContain(ServerEvent.SessionWelcome);
  });

  it('does not compile with a handler for another event’s payload, for v1’s pushes, or for an event the contract lacks', () => {
    const wrong: RelayEventTable = {
      ...complete,
      // @ts-expect-error a typing event is not an envelope
      [ServerEvent.Typing]: (envelope: Envelope) => void envelope.body,
    };
    const v1: RelayEventTable = {
      ...complete,
      // @ts-expect-error a v2 connection is not pushed v1's message:new
      [ServerEvent.MessageNew]: ignore,
    };
    const unknown: RelayEventTable = {
      ...complete,
      // @ts-expect-error the contract names no such event
      'room:closed': ignore,
    };
    expect([wrong, v1, unknown]).toHaveLength(3);
  });

  it('subscribes the socket to every event a v2 connection is pushed', () => {
    const subscribed: string[] = [];
    const socket = { on: (event: string) => subscribed.push(event) } as unknown as RelaySocket;
    listenToRelay(socket, complete);
    const v1Only: string[] = [ServerEvent.MessageNew, ServerEvent.DmNew];
    expect(subscribed.sort()).toEqual(
      Object.values(ServerEvent)
        .filter((event) => !v1Only.includes(event))
        .sort(),
    );
  });
});
