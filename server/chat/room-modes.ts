/**
 * Room modes (issue #14, docs/protocol.md "Moderation and consent"): an operator's slow mode
 * and read-only switch, and the relay's own slow mode while a room is hot. This module reads
 * and changes them, tells the room's v2 connections of every change (`room:mode`), and says
 * whether a post may go into a room under its mode.
 */
import {
  failure,
  rateLimited,
  ServerEvent,
  type Envelope,
  type Failure,
  type RoomKey,
  type RoomMode,
  type UserId,
} from '../../protocol/index.ts';
import { autoActive, modeOf } from '../moderation/room-mode.ts';
import type { RateLimiter, StoredRoomMode } from '../stores/types.ts';
import { v2RoomChannel } from './channels.ts';
import type { ChatDeps, ChatServer } from './types.ts';
import { inWords } from './wait-words.ts';

/** Tells the room's v2 connections the mode that applies now (the operator's API, server/admin/room-modes.ts, pushes the same). */
export function announceMode(io: ChatServer, room: RoomKey, stored: StoredRoomMode, now: number): void {
  io.to(v2RoomChannel(room)).emit(ServerEvent.RoomMode, { room, mode: modeOf(stored, now) });
}

/** Posts a room's slow mode spaces out; reactions, edits and deletes are not slowed. */
const SLOWED_KINDS: ReadonlySet<Envelope['kind']> = new Set(['text', 'image']);

/** While a room stays hot, its automatic slow mode's end is written again only once it moved this much. */
const RENEW_STEP_MS = 5_000;

/** Hot rooms this node watches at once (each with a timer to announce the end); past it, no more switch on here. */
const HOT_ROOMS_MAX = 10_000;

export function roomModes({ io, config, stores, now }: Pick<ChatDeps, 'io' | 'config' | 'stores' | 'now'>) {
  /** One bucket shape per number of seconds, so a change of seconds takes effect at once. */
  const slowBuckets = new Map<number, RateLimiter>();
  const heat =
    config.autoSlowModePerSecond > 0
      ? stores.limiter('room-heat', {
          burst: 10 * config.autoSlowModePerSecond,
          refillMs: 1000 / config.autoSlowModePerSecond,
        })
      : null;
  /** Rooms this node made (or saw) hot: when their automatic slow mode ends, and the timer that announces it. */
  const hot = new Map<RoomKey, { until: number; timer: NodeJS.Timeout }>();

  async function current(room: RoomKey): Promise<RoomMode> {
    return modeOf(await stores.moderation.roomMode(room), now());
  }

  function slowBucket(seconds: number): RateLimiter {
    let bucket = slowBuckets.get(seconds);
    if (bucket === undefined) {
      bucket = stores.limiter(`slow-mode-${seconds}`, { burst: 1, refillMs: seconds * 1000 });
      slowBuckets.set(seconds, bucket);
    }
    return bucket;
  }

  /** Why a read-only room refuses this post, or null: only deletes go through (a delete's own rules let only its author make it). */
  function readOnlyRefusal(mode: RoomMode, envelope: Envelope): Failure | null {
    if (!mode.readOnly || envelope.kind === 'delete') return null;
    return failure('read_only', 'a moderator made this room read-only');
  }

  /** Why the room's slow mode refuses this post from `from` now, or null; a post let through starts the person's wait. */
  async function slowRefusal(mode: RoomMode, envelope: Envelope, from: UserId): Promise<Failure | null> {
    if (mode.slowModeSeconds === 0 || !SLOWED_KINDS.has(envelope.kind)) return null;
    const waitMs = await slowBucket(mode.slowModeSeconds).take(`${envelope.room}|${from}`);
    if (waitMs === 0) return null;
    const message = `slow mode: one message every ${inWords(mode.slowModeSeconds * 1000)}; try again in ${inWords(waitMs)}`;
    return rateLimited('slow_mode', message, waitMs);
  }

  /**
   * Counts an accepted room post towards the room's heat: past the rate the room is hot, and
   * its automatic slow mode goes on (or is renewed) until it has been calm for a while. The
   * post that tips it over is accepted all the same.
   */
  async function warm(envelope: Envelope): Promise<void> {
    if (heat === null || envelope.to !== undefined || !SLOWED_KINDS.has(envelope.kind)) return;
    if ((await heat.take(envelope.room)) === 0) return;
    const room = envelope.room;
    const at = now();
    const until = at + config.autoSlowModeCalmSeconds * 1000;
    const known = hot.get(room);
    if (known !== undefined && until - known.until < RENEW_STEP_MS) return;
    if (known === undefined && hot.size >= HOT_ROOMS_MAX) return;
    const before = known === undefined ? await stores.moderation.roomMode(room) : null;
    const stored = await stores.moderation.setRoomMode(room, {
      autoUntil: until,
      autoSeconds: config.autoSlowModeSeconds,
    });
    watch(room, until);
    if (before !== null && !autoActive(before, at)) announceMode(io, room, stored, at);
  }

  /** Announces the end of a room's automatic slow mode, unless it was renewed meanwhile (here or on another node). */
  function watch(room: RoomKey, until: number): void {
    const known = hot.get(room);
    if (known !== undefined) clearTimeout(known.timer);
    const timer = setTimeout(() => {
      hot.delete(room);
      void ended(room).catch(() => undefined);
    }, until - now());
    timer.unref();
    hot.set(room, { until, timer });
  }

  async function ended(room: RoomKey): Promise<void> {
    const stored = await stores.moderation.roomMode(room);
    const at = now();
    if (autoActive(stored, at) && stored.autoUntil !== undefined) watch(room, stored.autoUntil);
    else announceMode(io, room, stored, at);
  }

  function close(): void {
    for (const { timer } of hot.values()) clearTimeout(timer);
    hot.clear();
  }

  return { current, readOnlyRefusal, slowRefusal, warm, close };
}

export type RoomModes = ReturnType<typeof roomModes>;
