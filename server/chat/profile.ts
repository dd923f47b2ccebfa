/** `user:rename`: a new display name, announced in every room the user is in. */
import { ClientEvent, ServerEvent } from '../../protocol/index.ts';
import { UserRenameRequest } from '../../protocol/schemas.ts';
import { roomChannel, userChannel } from './channels.ts';
import { route } from './request.ts';
import type { ChatDeps } from './types.ts';

export function profileRoutes({ io, stores }: ChatDeps) {
  const rename = route(ClientEvent.UserRename, UserRenameRequest, async (socket, { name }) => {
    const self = { id: socket.data.user.id, name: name.trim() };
    // The store first: if it fails, the request fails with no name changed anywhere.
    const rooms = await stores.presence.rename(self);
    // Every connection of this user on this node speaks with the new name from now on (one on
    // another node cannot be changed from here; it keeps the old name until it reconnects).
    for (const connection of await io.local.in(userChannel(self.id)).fetchSockets()) connection.data.user = self;
    for (const { room, memberCount } of rooms) {
      io.to(roomChannel(room)).emit(ServerEvent.PresenceUpdate, { room, renamed: self, memberCount });
    }
    return { ok: true as const, self };
  });
  return { routes: [rename] };
}
