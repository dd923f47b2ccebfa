/** `user:rename`: a new display name, announced in every room the user is in. */
import { ClientEvent, ServerEvent, type Member } from '../../protocol/index.ts';
import { UserRenameRequest } from '../../protocol/schemas.ts';
import { roomChannel, userChannel } from './channels.ts';
import { route } from './request.ts';
import { InterServerEvent, type ChatDeps } from './types.ts';

export function profileRoutes({ io, config, stores }: ChatDeps) {
  /** Every connection of the user held by this node speaks with the new name from now on. */
  async function renameConnections(self: Member): Promise<void> {
    for (const connection of await io.local.in(userChannel(self.id)).fetchSockets()) connection.data.user = self;
  }

  // With several nodes the user's other connections may be held elsewhere; each node renames its own.
  const clustered = config.redisUrl !== null;
  if (clustered) io.on(InterServerEvent.UserRenamed, (self) => void renameConnections(self));

  const rename = route(ClientEvent.UserRename, UserRenameRequest, async (socket, { name }) => {
    const self = { id: socket.data.user.id, name: name.trim() };
    // The store first: if it fails, the request fails with no name changed anywhere.
    const rooms = await stores.presence.rename(self);
    await renameConnections(self);
    if (clustered) io.serverSideEmit(InterServerEvent.UserRenamed, self);
    for (const { room, memberCount } of rooms) {
      io.to(roomChannel(room)).emit(ServerEvent.PresenceUpdate, { room, renamed: self, memberCount });
    }
    return { ok: true as const, self };
  });
  return { routes: [rename] };
}
