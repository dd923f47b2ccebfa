/** `user:rename`: a new display name, announced in every room the user is in. */
import { ClientEvent, normalizeName, ServerEvent, type Member, type PresenceUpdate } from '../../protocol/index.ts';
import { UserRenameRequest } from '../../protocol/schemas.ts';
import { roomChannel, userChannel } from './channels.ts';
import { route } from './request.ts';
import { InterServerEvent, type ChatDeps, type ChatSocket } from './types.ts';

export function profileRoutes({ io, config, stores, budgets, aliases }: ChatDeps) {
  /** Every connection of the user held by this node speaks with the new name from now on. */
  async function renameConnections(self: Member): Promise<void> {
    for (const connection of await io.local.in(userChannel(self.id)).fetchSockets()) connection.data.user = self;
  }

  // With several nodes the user's other connections may be held elsewhere; each node renames its
  // own. The server-side event reaches every node, but over Redis pub/sub: at most once, and in no
  // order with the room broadcasts, so a connection can hear `presence:update { renamed }` first.
  const clustered = config.redisUrl !== null;
  if (clustered) io.on(InterServerEvent.UserRenamed, (self) => void renameConnections(self));

  /**
   * So a connection in a room also takes its user's new name from the room's
   * `presence:update { renamed }` as it goes out to it: that update travels the ordered stream,
   * and no message sent after it can then carry the old name.
   */
  function followRenames(socket: ChatSocket): void {
    if (!clustered) return;
    socket.onAnyOutgoing((event: string, update: PresenceUpdate) => {
      const self = socket.data.user;
      if (event === ServerEvent.PresenceUpdate && update.renamed?.id === aliases.of(self.id, update.room)) {
        // The update names the member by its id in the room, with its key there; the user is every room's.
        socket.data.user = { id: self.id, name: update.renamed.name };
      }
    });
  }

  const rename = route(
    ClientEvent.UserRename,
    UserRenameRequest,
    async (socket, { name }) => {
      const self = { id: socket.data.user.id, name: normalizeName(name) };
      // The store first: if it fails, the request fails with no name changed anywhere.
      const rooms = await stores.presence.rename(self);
      await renameConnections(self);
      if (clustered) io.serverSideEmit(InterServerEvent.UserRenamed, self);
      for (const { room, memberCount } of rooms) {
        const renamed = aliases.memberIn(self, room);
        io.to(roomChannel(room)).emit(ServerEvent.PresenceUpdate, { room, renamed, memberCount });
      }
      return { ok: true as const, self };
    },
    { limit: 'rename', budget: budgets.rename, what: 'renames' },
  );
  return { routes: [rename], followRenames };
}
