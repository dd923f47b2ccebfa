/**
 * What the person has not seen yet (issue #13): the inbox (inbox.ts), the unread messages and
 * mentions of watched rooms (room-counts.ts), the toolbar badge made of both (badge.ts) and the
 * notifications (notifications.ts), all decided against what each panel says it shows
 * (panel-views.ts). The hub feeds it every DM and room message and every panel's view.
 */
import type { Envelope, Member, RoomKey } from '../../protocol/index.ts';
import type { PageContext, PanelView } from '../lib/domain.ts';
import { t } from '../lib/i18n.ts';
import { readSwitch, StorageKeys } from '../lib/storage-keys.ts';
import { badgeTexts } from './badge.ts';
import { BadgeWriter, type BadgeSurface } from './badge-surface.ts';
import { conversationOf } from './dm-archive.ts';
import { Inbox, shown, type KeptConversation } from './inbox.ts';
import { MemberNames } from './member-names.ts';
import type { OwnIds } from './own-ids.ts';
import { Notifier, type NotificationSurface } from './notifications.ts';
import { push, type PanelLink } from './panel-link.ts';
import { PanelViews } from './panel-views.ts';
import type { SafetyView } from './safety-view.ts';
import { mentions, RoomCounts } from './room-counts.ts';
import { TabDelivery } from './tab-delivery.ts';

export interface AttentionOptions {
  /** The panels attached now. */
  links(): Iterable<PanelLink>;
  /** The rooms a panel watches. */
  roomsOf(link: PanelLink): RoomKey[];
  readTabContext(tabId: number): Promise<PageContext | undefined>;
  badge: BadgeSurface;
  notifications: NotificationSurface;
  /** Who this person blocked or muted (issue #14): nothing of theirs counts or notifies. */
  safety?: Pick<SafetyView, 'silences'>;
  /** This person's ids, one per room (own-ids.ts). */
  own: OwnIds;
}

/** A bound on the conversations whose tab of origin is remembered (for a notification's click). */
const ORIGINS_MAX = 200;

const previewOf = (envelope: Envelope): string =>
  envelope.kind === 'text' ? envelope.body.text.replace(/\s+/g, ' ').slice(0, 200) : t('notify_photo');

export class Attention {
  readonly #views = new PanelViews();
  readonly #counts = new RoomCounts();
  readonly #names = new MemberNames();
  readonly #inbox: Inbox;
  readonly #badge: BadgeWriter;
  readonly #notifier: Notifier;
  readonly #opens = new TabDelivery('inbox:open');
  /** Conversation key → the tab it was last seen in. */
  readonly #origins = new Map<string, number>();
  #conversations: readonly KeptConversation[] = [];

  constructor(private readonly options: AttentionOptions) {
    this.#inbox = new Inbox((list) => {
      this.#conversations = list;
      for (const link of options.links()) push(link, 'inbox:update', { conversations: shown(list) });
      void this.refreshBadge();
    });
    this.#badge = new BadgeWriter(options.badge);
    this.#notifier = new Notifier(options.notifications);
    void this.#inbox.list().then((list) => {
      this.#conversations = list;
      return this.refreshBadge();
    });
  }

  /** Someone seen in a room: their name is known for the conversations this person starts, and shown in theirs. */
  met(member: Member): void {
    if (this.options.own.has(member.id)) return;
    this.#names.remember(member);
    void this.#inbox.renamed(member);
  }

  /** A panel connected: it gets the inbox, and a conversation a notification's click holds for its tab. */
  async attached(link: PanelLink): Promise<void> {
    push(link, 'inbox:update', { conversations: shown(await this.#inbox.list()) });
    this.#opens.claim(link);
  }

  detached(link: PanelLink): Promise<void> {
    this.#views.forget(link);
    return this.refreshBadge();
  }

  /** What a panel shows now: a conversation or room it shows visibly is read. */
  async viewed(link: PanelLink, view: PanelView): Promise<void> {
    this.#views.set(link, view);
    if (view.visible && view.conversation !== null) await this.#inbox.read(view.conversation);
    if (view.visible && view.room !== null && view.conversation === null) this.#counts.seen(view.room);
    await this.refreshBadge();
  }

  /** No panel watches `room` any more: its counts go with it. */
  roomLeft(room: RoomKey): Promise<void> {
    this.#counts.seen(room);
    return this.refreshBadge();
  }

  read(key: string): Promise<void> {
    return this.#inbox.read(key);
  }

  /** Issue #14: the person accepted the message request `key`. */
  async accept(key: string): Promise<void> {
    await this.#inbox.accept(key);
  }

  /** Issue #14: the person declined the message request `key`; resolves whether there was one. */
  decline(key: string): Promise<boolean> {
    return this.#inbox.decline(key);
  }

  /** A message the relay pushed: a DM to this person, or a message in a watched room. */
  async received(envelope: Envelope): Promise<void> {
    this.met(envelope.from);
    // The relay refuses a blocked person's DMs once it knows of the block; one that came before is not news either.
    if (this.options.safety?.silences(envelope)) return;
    if (envelope.to === undefined) return this.#roomMessage(envelope);
    // The relay sends a DM to its two people only: when it is not from one of this person's ids, it is to them.
    await this.options.own.ready;
    const self = this.options.own.has(envelope.from.id) ? envelope.from.id : envelope.to;
    const key = conversationOf(envelope);
    const watching = this.#tabWatching(envelope.room);
    if (watching !== undefined) this.#remember(key, watching);
    const inView = this.#views.showsConversation(key);
    const conversation = await this.#inbox.record({ envelope, self, inView, ...(await this.#titleOf(watching)) });
    const isNew = envelope.kind === 'text' || envelope.kind === 'image';
    // A message request (issue #14) stays quiet unless the person asked to hear of them.
    const quiet = conversation?.request === true && !(await readSwitch(StorageKeys.notifyRequests));
    if (isNew && envelope.from.id !== self && !inView && !quiet) {
      await this.#notifier.notify(
        { kind: 'conversation', key, room: envelope.room },
        envelope.from.name,
        previewOf(envelope),
      );
    }
  }

  /** A DM this person sent was accepted; `tabId` is the tab of the panel that sent it. */
  async sent(envelope: Envelope, tabId: number | undefined): Promise<void> {
    if (envelope.to === undefined) return;
    const key = conversationOf(envelope);
    if (tabId !== undefined) this.#remember(key, tabId);
    const peerName = this.#names.nameOf(envelope.to);
    await this.#inbox.record({
      envelope,
      self: envelope.from.id,
      inView: true,
      ...(peerName === undefined ? {} : { peerName }),
      ...(await this.#titleOf(tabId)),
    });
  }

  /** The tab of the panel to bring forward for a conversation: the one it was last seen in. */
  originOf(key: string): number | undefined {
    return this.#origins.get(key);
  }

  /** Opens `key` in the panels of `tabId`, now or when the tab's panel connects. */
  open(tabId: number, key: string): void {
    this.#opens.deliver(tabId, { key }, this.options.links());
  }

  /** The tab navigated: Chrome reset its own badge text. */
  tabUpdated(tabId: number): Promise<void> {
    return this.#badge.reapply(tabId);
  }

  async refreshBadge(): Promise<void> {
    const tabs = new Map<number, RoomKey[]>();
    for (const link of this.options.links()) {
      if (link.tabId === undefined) continue;
      const unseen = this.options.roomsOf(link).filter((room) => !this.#views.showsRoomIn(link, room));
      if (unseen.length > 0) tabs.set(link.tabId, [...(tabs.get(link.tabId) ?? []), ...unseen]);
    }
    const requestsCount = await readSwitch(StorageKeys.notifyRequests);
    const dmUnread = this.#conversations
      .filter((conversation) => requestsCount || conversation.request !== true)
      .reduce((sum, conversation) => sum + conversation.unread, 0);
    await this.#badge.apply(badgeTexts({ dmUnread, rooms: this.#counts.counts, tabs }));
  }

  dispose(): void {
    this.#opens.dispose();
  }

  async #roomMessage(envelope: Envelope): Promise<void> {
    // A room joined ahead of its panel (early-joins.ts) is no panel's yet: nothing to count.
    if (!this.#watched(envelope.room) || this.#views.showsRoom(envelope.room)) return;
    const self = this.options.own.in(envelope.room);
    if (!this.#counts.unseen(envelope, self)) return;
    await this.refreshBadge();
    if (mentions(envelope, self)) {
      await this.#notifier.notify(
        { kind: 'room', room: envelope.room },
        t('notify_mentioned', envelope.from.name),
        previewOf(envelope),
      );
    }
  }

  #watched(room: RoomKey): boolean {
    for (const link of this.options.links()) if (this.options.roomsOf(link).includes(room)) return true;
    return false;
  }

  /** A tab whose panel watches `room`, if any. */
  #tabWatching(room: RoomKey): number | undefined {
    for (const link of this.options.links()) {
      if (link.tabId !== undefined && this.options.roomsOf(link).includes(room)) return link.tabId;
    }
    return undefined;
  }

  async #titleOf(tabId: number | undefined): Promise<{ pageTitle?: string }> {
    if (tabId === undefined) return {};
    const context = await this.options.readTabContext(tabId).catch(() => undefined);
    return context?.title ? { pageTitle: context.title } : {};
  }

  #remember(key: string, tabId: number): void {
    this.#origins.delete(key);
    this.#origins.set(key, tabId);
    if (this.#origins.size <= ORIGINS_MAX) return;
    const oldest = this.#origins.keys().next().value;
    if (oldest !== undefined) this.#origins.delete(oldest);
  }
}
