import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ServerEvent,
  type ChatMessage,
  type DirectMessage,
  type PresenceUpdate,
  type ServerToClientEvents,
  type TypingEvent,
} from '../../protocol/index.ts';
import type { RelaySocket } from './connection.ts';
import { listenToRelay, relayEvents, type RelayEventTable } from './relay-events.ts';

const ignore = (): void => undefined;

const complete: RelayEventTable = {
  [ServerEvent.MessageNew]: ignore,
  [ServerEvent.DmNew]: ignore,
  [ServerEvent.PresenceUpdate]: ignore,
  [ServerEvent.Typing]: ignore,
};

describe('the relay event table', () => {
  it('has one handler per server event of the contract, taking that event’s payload', () => {
    expectTypeOf<keyof RelayEventTable>().toEqualTypeOf<keyof ServerToClientEvents>();
    expectTypeOf<Parameters<RelayEventTable['message:new']>[0]>().toEqualTypeOf<ChatMessage>();
    expectTypeOf<Parameters<RelayEventTable['dm:new']>[0]>().toEqualTypeOf<DirectMessage>();
    expectTypeOf<Parameters<RelayEventTable['presence:update']>[0]>().toEqualTypeOf<PresenceUpdate>();
    expectTypeOf<Parameters<RelayEventTable['typing']>[0]>().toEqualTypeOf<TypingEvent>();
    // The hub's own table is declared as one, so its gaps are compile errors where it is written.
    expectTypeOf(relayEvents).returns.toEqualTypeOf<RelayEventTable>();
  });

  it('does not compile with an event left out, as when the contract gains one the hub forgets', () => {
    // @ts-expect-error typing has no handler
    const missing: RelayEventTable = {
      [ServerEvent.MessageNew]: ignore,
      [ServerEvent.DmNew]: ignore,
      [ServerEvent.PresenceUpdate]: ignore,
    };
    expect(Object.keys(missing)).not.toContain(ServerEvent.Typing);
  });

  it('does not compile with a handler for another event’s payload, or for an event the contract lacks', () => {
    const wrong: RelayEventTable = {
      ...complete,
      // @ts-expect-error a typing event is not a chat message
      [ServerEvent.Typing]: (message: ChatMessage) => void message.text,
    };
    const unknown: RelayEventTable = {
      ...complete,
      // @ts-expect-error the contract names no such event
      'room:closed': ignore,
    };
    expect([wrong, unknown]).toHaveLength(2);
  });

  it('subscribes the socket to every event in the table', () => {
    const subscribed: string[] = [];
    const socket = { on: (event: string) => subscribed.push(event) } as unknown as RelaySocket;
    listenToRelay(socket, complete);
    expect(subscribed.sort()).toEqual(Object.values(ServerEvent).sort());
  });
});
