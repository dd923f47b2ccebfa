/**
 * What each panel shows, as it last said (`view:state`, issue #13). A panel that has not said
 * shows nothing visibly, so what arrives for it counts as unread.
 */
import type { RoomKey } from '../../protocol/index.ts';
import type { PanelView } from '../lib/domain.ts';
import type { PanelLink } from './panel-link.ts';

export class PanelViews {
  readonly #views = new Map<PanelLink, PanelView>();

  set(link: PanelLink, view: PanelView): void {
    this.#views.set(link, view);
  }

  forget(link: PanelLink): void {
    this.#views.delete(link);
  }

  /** Some panel shows the conversation `key`, expanded and visible. */
  showsConversation(key: string): boolean {
    for (const view of this.#views.values()) if (view.visible && view.conversation === key) return true;
    return false;
  }

  /** Some panel shows `room`'s own messages (not a DM in it), expanded and visible. */
  showsRoom(room: RoomKey): boolean {
    for (const link of this.#views.keys()) if (this.showsRoomIn(link, room)) return true;
    return false;
  }

  /** This panel shows `room`'s own messages, expanded and visible. */
  showsRoomIn(link: PanelLink, room: RoomKey): boolean {
    const view = this.#views.get(link);
    return view !== undefined && view.visible && view.conversation === null && view.room === room;
  }
}
