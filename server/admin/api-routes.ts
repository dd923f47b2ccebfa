/**
 * The operator API under `/admin/api` (docs/moderation.md lists every call): reports, the
 * messages around one, a moderator's delete, bans, room modes and the audit log. Every state
 * it reads or changes is in the stores, so any node answers the same; every change is audited.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { viewOf } from '../chat/stored-message.ts';
import type { ChatServer } from '../chat/types.ts';
import type { IdGenerator } from '../ids.ts';
import type { ImageStore } from '../images/types.ts';
import { modeOf } from '../moderation/room-mode.ts';
import { normalizeBanAddress } from '../stores/ban-address.ts';
import { MODERATION_LIMITS, type Ban, type BanTarget, type Stores } from '../stores/types.ts';
import { disconnectBanned } from './live-bans.ts';
import { moderatorDelete } from './moderator-delete.ts';
import { operatorOf } from './operator.ts';
import { AdminProblem, parsed } from './problems.ts';
import { groupByReported } from './report-groups.ts';
import { changeRoomMode } from './room-modes.ts';
import {
  AddressParams,
  AroundQuery,
  BAN_REASON_MAX_CHARS,
  BanBody,
  LimitQuery,
  limitOf,
  MessageParams,
  ReadOnlyBody,
  ReportsQuery,
  RoomParams,
  SlowModeBody,
  UserParams,
} from './schemas.ts';

export interface ApiDeps {
  io: ChatServer;
  stores: Stores;
  images: ImageStore;
  nextId: IdGenerator;
  now: () => number;
  /** The address a request counts against (server/net/client-address.ts). */
  addressOf: (request: FastifyRequest) => string;
}

const PAGE_MAX = 200;
/** Messages on each side of the one asked about. */
const CONTEXT_MAX = 50;

export function apiRoutes(fastify: FastifyInstance, deps: ApiDeps) {
  const { io, stores, nextId, now } = deps;

  async function audit(request: FastifyRequest, action: string, target: string, detail?: Record<string, unknown>) {
    const actor = operatorOf(request.headers['x-operator'], deps.addressOf(request));
    await stores.moderation.audit({ id: nextId(), at: now(), actor, action, target, ...(detail ? { detail } : {}) });
  }

  fastify.get('/reports', async (request) => {
    const { reported, room, before, limit } = parsed(ReportsQuery, request.query, 'query');
    const reports = await stores.moderation.reports({
      ...(reported ? { reported } : {}),
      ...(room ? { room } : {}),
      ...(before ? { before } : {}),
      limit: limitOf(limit, 50, PAGE_MAX),
    });
    return { reports };
  });

  fastify.get('/reports/by-user', async (request) => {
    const { limit } = parsed(LimitQuery, request.query, 'query');
    const all = await stores.moderation.reports({ limit: MODERATION_LIMITS.reports });
    return { users: groupByReported(all).slice(0, limitOf(limit, 50, PAGE_MAX)) };
  });

  fastify.get('/rooms/:room/messages', async (request) => {
    const { room } = parsed(RoomParams, request.params, 'path');
    const { around, limit: raw } = parsed(AroundQuery, request.query, 'query');
    const limit = limitOf(raw, 5, CONTEXT_MAX);
    if (around === undefined) {
      const page = await stores.history.page(room, { limit });
      return { messages: page.messages.map((message) => viewOf(message, null)) };
    }
    const middle = await stores.history.find(room, around);
    if (middle === null) throw new AdminProblem(404, 'that message is not in this room’s history (it may be too old)');
    const [before, after] = await Promise.all([
      stores.history.page(room, { before: around, limit }),
      stores.history.page(room, { after: around, limit }),
    ]);
    const messages = [...before.messages, middle, ...after.messages].map((message) => viewOf(message, null));
    return { messages, around };
  });

  fastify.post('/rooms/:room/messages/:id/delete', async (request) => {
    const { room, id } = parsed(MessageParams, request.params, 'path');
    const outcome = await moderatorDelete(deps, room, id);
    if (outcome.status === 'missing')
      throw new AdminProblem(404, 'that message is not in this room’s history (it may be too old)');
    if (outcome.status === 'already-deleted') throw new AdminProblem(409, 'that message is deleted already');
    await audit(request, 'message.delete', `${room}/${id}`, { author: outcome.author, kind: outcome.kind });
    return { message: outcome.message };
  });

  fastify.get('/bans', async () => ({ bans: await stores.moderation.bans(now()) }));

  /** An id seen in a room (an id per room) stands for its person, whom a ban covers in every room. */
  async function personOf(user: string): Promise<string> {
    return (await stores.aliases.owners([user], now())).get(user)?.person ?? user;
  }

  fastify.post('/bans', async (request) => {
    const body = parsed(BanBody, request.body, 'body');
    if ((body.user === undefined) === (body.address === undefined))
      throw new AdminProblem(400, 'body: give exactly one of user and address');
    let target: BanTarget;
    if (body.user !== undefined) target = { user: await personOf(body.user) };
    else {
      const address = normalizeBanAddress(body.address ?? '');
      if (address === null)
        throw new AdminProblem(
          400,
          'body.address: must be an IP address or a CIDR range (203.0.113.0/24, 2001:db8::/32)',
        );
      target = { address };
    }
    const reason = body.reason?.trim();
    if (reason !== undefined && [...reason].length > BAN_REASON_MAX_CHARS)
      throw new AdminProblem(400, `body.reason: at most ${BAN_REASON_MAX_CHARS} characters`);
    const at = now();
    const ban: Ban = { ...target, at, until: at + body.minutes * 60_000, ...(reason ? { reason } : {}) };
    if (!(await stores.moderation.ban(ban)))
      throw new AdminProblem(409, `${MODERATION_LIMITS.bans} bans are in force already; lift some first`);
    const disconnected = await disconnectBanned(io, ban, at);
    await audit(request, 'ban.add', target.user ?? target.address ?? '', {
      minutes: body.minutes,
      until: ban.until,
      ...(reason ? { reason } : {}),
      disconnected,
    });
    return { ban, disconnected };
  });

  async function lift(request: FastifyRequest, target: BanTarget) {
    if (!(await stores.moderation.unban(target))) throw new AdminProblem(404, 'no such ban in force');
    await audit(request, 'ban.remove', target.user ?? target.address ?? '');
    return { ok: true };
  }

  fastify.delete('/bans/address/:address', async (request) => {
    const { address } = parsed(AddressParams, request.params, 'path');
    const normalized = normalizeBanAddress(address);
    if (normalized === null) throw new AdminProblem(400, 'path.address: must be an IP address or a CIDR range');
    return lift(request, { address: normalized });
  });

  fastify.delete('/bans/:user', async (request) => {
    const { user } = parsed(UserParams, request.params, 'path');
    return lift(request, { user: await personOf(user) });
  });

  fastify.get('/rooms/:room/mode', async (request) => {
    const { room } = parsed(RoomParams, request.params, 'path');
    const stored = await stores.moderation.roomMode(room);
    return {
      room,
      mode: modeOf(stored, now()),
      operator: { slowModeSeconds: stored.slowModeSeconds, readOnly: stored.readOnly },
    };
  });

  fastify.put('/rooms/:room/slow-mode', async (request) => {
    const { room } = parsed(RoomParams, request.params, 'path');
    const { seconds } = parsed(SlowModeBody, request.body, 'body');
    const mode = await changeRoomMode(io, stores, room, { slowModeSeconds: seconds }, now());
    await audit(request, 'room.slow-mode', room, { seconds });
    return { room, mode };
  });

  fastify.put('/rooms/:room/read-only', async (request) => {
    const { room } = parsed(RoomParams, request.params, 'path');
    const { readOnly } = parsed(ReadOnlyBody, request.body, 'body');
    const mode = await changeRoomMode(io, stores, room, { readOnly }, now());
    await audit(request, 'room.read-only', room, { readOnly });
    return { room, mode };
  });

  fastify.get('/audit', async (request) => {
    const { limit } = parsed(LimitQuery, request.query, 'query');
    return { entries: await stores.moderation.auditLog(limitOf(limit, 100, 1000)) };
  });
}
