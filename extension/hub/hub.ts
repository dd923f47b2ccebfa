/**
 * The room hub: every open panel, served over the browser's one connection. This module only
 * puts the parts together: the socket (connection.ts), which panel watches which room and the
 * joins (room-watchers.ts), the sends held until the server accepts them (sends.ts), the
 * answers to panels' requests (panel-requests.ts), the display name (profile-names.ts), the
 * server's events (relay-events.ts) and the quotes on their way from a page to its panel
 * (tab-delivery.ts), and what the person has not seen yet: inbox, badge, notifications
 * (attention.ts). The socket only sends what the contract names: room keys, names and texts,
 * never a URL or a title; a DM only sealed end to end (issue #15: sealing.ts, on the way out in
 * sends.ts and on the way in in dm-intake.ts). With `stayConnected` (issue #13, on by default) the socket stays open
 * with no room joined after the last panel goes, so DMs reach the person while the browser runs.
 */
import {
  quoteProblem,
  type Envelope,
  type PageQuote,
  type RoomKey,
  type SessionWelcome,
} from '../../protocol/index.ts';
import type { ConnectionState, PageContext, Profile } from '../lib/domain.ts';
import type { RoomKeyPair } from '../lib/e2e/keys.ts';
import { readSwitch, StorageKeys } from '../lib/storage-keys.ts';
import { hasIdentity } from './identity.ts';
import { Attention } from './attention.ts';
import type { BadgeSurface } from './badge-surface.ts';
import type { NotificationSurface } from './notifications.ts';
import type { PageReplies } from '../messaging/page-hub.ts';
import type { HubPushes, PanelToHub } from '../messaging/panel-hub.ts';
import { Connection } from './connection.ts';
import { writtenTo } from './contacts.ts';
import type { DmArchive } from './dm-archive.ts';
import { DmIntake } from './dm-intake.ts';
import type { Outbox, OutboxStore } from './outbox.ts';
import { push, type PanelLink } from './panel-link.ts';
import { panelRequests } from './panel-requests.ts';
import { OwnIds } from './own-ids.ts';
import { PrivacySync } from './privacy-sync.ts';
import { ProfileNames } from './profile-names.ts';
import { listenToRelay, relayEvents } from './relay-events.ts';
import { relayHost } from './relay-origin.ts';
import { RoomWatchers } from './room-watchers.ts';
import { SafetyView } from './safety-view.ts';
import { Sealing } from './sealing.ts';
import { createOutbox } from './sends.ts';
import { TabDelivery } from './tab-delivery.ts';
import { TrustBook } from './trust-book.ts';

export interface HubOptions {
  credentials(): Promise<{ url: string; token: string; name: string }>;
  loadProfile(): Promise<Profile>;
  saveProfile(profile: Profile): Promise<void>;
  readTabContext(tabId: number): Promise<PageContext | undefined>;
  /** Asks the content script of a tab to close its panel. */
  closePanel(tabId: number): Promise<void>;
  /** Asks the content script of a tab to collapse its panel to the slim tab. */
  collapsePanel(tabId: number): Promise<void>;
  /** Asks the content script of a tab to show a quoted passage; undefined when it does not answer. */
  revealInPage(tabId: number, quote: PageQuote): Promise<PageReplies['page:reveal'] | undefined>;
  lingerMs?: number;
  maxAttempts?: number;
  /** How long a request waits for the connection before it is answered `unavailable`. */
  requestTimeoutMs?: number;
  /** Where pending sends outlive the worker (`storage.session` in the browser). */
  outboxStore: OutboxStore;
  /** The DMs kept on this device. */
  dmArchive: DmArchive;
  /** Issue #15: this person's key pair for a room of the current relay (lib/e2e/keys.ts). */
  keyPair(room: RoomKey): Promise<RoomKeyPair>;
  /** How long a send is retried before it is answered `unavailable` (30 s). */
  sendGiveUpMs?: number;
  /** How long a room joined ahead of its panel waits for the panel before it is left (10 s). */
  earlyJoinClaimMs?: number;
  /** The toolbar badge (`browser.action` in the browser). */
  badge: BadgeSurface;
  /** Notifications (`browser.notifications` once permitted). */
  notifications: NotificationSurface;
  /** Whether the socket stays open with no panel (default: the `stayConnected` setting). */
  stayConnected?(): Promise<boolean>;
  /** Whether this browser has used samepage (has a token); only then does it connect unasked. */
  hasIdentity?(): Promise<boolean>;
}

export class Hub {
  readonly #links = new Set<PanelLink>();
  readonly #connection: Connection;
  readonly #rooms: RoomWatchers;
  readonly #outbox: Outbox<PanelLink>;
  readonly #names: ProfileNames;
  readonly #quotes = new TabDelivery('composer:quote');
  readonly #receive: (link: PanelLink, message: PanelToHub) => Promise<void>;
  readonly #attention: Attention;
  readonly #stayConnected: () => Promise<boolean>;
  readonly #hasIdentity: () => Promise<boolean>;
  readonly #safety: SafetyView;
  readonly #privacy: PrivacySync;
  /** What the relay said it accepts on the latest connection. */
  #welcome: SessionWelcome | null = null;
  /** Set by dispose: a setting read still under way must not open a new socket. */
  #disposed = false;

  constructor(private readonly options: HubOptions) {
    const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    const { dmArchive, closePanel, collapsePanel, revealInPage, saveProfile, outboxStore: store } = options;
    const connection = new Connection({
      credentials: options.credentials,
      lingerMs: options.lingerMs ?? 10_000,
      maxAttempts: options.maxAttempts ?? 8,
      onSocket: (socket) => {
        socket.on('disconnect', () => rooms.disconnected());
        listenToRelay(socket, events);
      },
      onConnect: (socket) => {
        privacy.connected(socket);
        outbox.connected();
        void rooms.rejoinAll(socket);
        void intake.fetch(socket);
      },
      onState: (state) => this.#broadcast('connection:state', state),
    });
    // The rooms and the outbox need each other; the rooms reach it only once a panel watches.
    const rooms = new RoomWatchers({
      connection,
      requestTimeoutMs,
      earlyJoinClaimMs: options.earlyJoinClaimMs ?? 10_000,
      held: { pendingIn: (room) => outbox.pendingIn(room), roomReady: (room) => outbox.roomReady(room) },
      unclaimed: () => this.#closeIfUnused(),
      keyFor: async (room) => (await options.keyPair(room)).publicKey,
      joined: (room, answer) => {
        if (own.learned(room, answer.self.id)) privacy.identified();
        for (const member of answer.members) attention.met(member);
        sealing.joined(room, answer.self, answer.members);
      },
      left: (room) => void attention.roomLeft(room),
    });
    const safety = new SafetyView();
    const own = new OwnIds();
    const privacy = new PrivacySync({
      safety,
      socket: () => connection.socket,
      requestTimeoutMs,
      contacts: async () => {
        await own.ready;
        return writtenTo((id) => own.has(id));
      },
    });
    const attention = new Attention({
      safety,
      own,
      links: () => this.#links,
      roomsOf: (link) => rooms.roomsOf(link),
      readTabContext: options.readTabContext,
      badge: options.badge,
      notifications: options.notifications,
    });
    const trust = new TrustBook((key) => this.#broadcast('dm:trust', { key }));
    const sealing = new Sealing({
      keyPair: options.keyPair,
      trust,
      keptSelf: (room, peer) => dmArchive.selfWith(room, peer),
    });
    const intake = new DmIntake({
      sealing,
      trust,
      dmArchive,
      requestTimeoutMs,
      socket: () => connection.socket,
      shown: (envelope) => {
        this.#broadcast('message:posted', envelope);
        void attention.received(envelope);
      },
    });
    const giveUpMs = options.sendGiveUpMs ?? 30_000;
    const sentDm = (message: Envelope, askers: ReadonlySet<PanelLink>): void => {
      const [asker] = askers;
      for (const link of this.#links) if (!askers.has(link)) push(link, 'message:posted', message);
      void attention.sent(message, asker?.tabId);
      if (message.to !== undefined) privacy.wrote(message.to);
    };
    const outbox = createOutbox({ connection, rooms, store, dmArchive, sealing, giveUpMs, requestTimeoutMs, sentDm });
    const show = (profile: Profile) => this.#broadcast('profile:update', profile);
    const names = new ProfileNames({ connection, requestTimeoutMs, saveProfile, show });
    const events = relayEvents({
      rooms,
      welcomed: (welcome) => {
        this.#welcome = welcome;
        if (welcome.user) {
          own.welcomed(welcome.user.id);
          privacy.identified();
          sealing.welcomed(welcome.user);
        }
        this.#broadcast('session:welcome', welcome);
      },
      posted: (envelope) => void attention.received(envelope),
      dm: (envelope) => void intake.take(envelope),
      met: (member, room, how) => {
        attention.met(member);
        // A rename names a person; one with a key is a join again under a new key (docs/protocol.md).
        if (how === 'joined' || member.key !== undefined) sealing.met(room, member);
      },
      delivered: (update) => {
        void dmArchive.delivered(update);
        this.#broadcast('dm:delivered', update);
      },
      everyPanel: (type, payload) => this.#broadcast(type, payload),
    });
    this.#receive = panelRequests({
      connection,
      rooms,
      outbox,
      names,
      dmArchive,
      sealing,
      closePanel,
      collapsePanel,
      revealInPage,
      requestTimeoutMs,
      credentials: options.credentials,
      read: (key) => attention.read(key),
      accept: (key) => attention.accept(key),
      decline: (key) => attention.decline(key),
      viewed: (link, view) => void attention.viewed(link, view),
    });
    this.#attention = attention;
    this.#safety = safety;
    this.#privacy = privacy;
    this.#stayConnected = options.stayConnected ?? (() => readSwitch(StorageKeys.stayConnected));
    this.#hasIdentity = options.hasIdentity ?? hasIdentity;
    this.#connection = connection;
    this.#rooms = rooms;
    this.#outbox = outbox;
    this.#names = names;
  }

  get connectionState(): ConnectionState {
    return this.#connection.state;
  }

  /** A panel connected: tell it where things stand, then serve its requests. */
  attach(link: PanelLink): void {
    this.#links.add(link);
    link.onMessage((message) => void this.#receive(link, message));
    link.onDisconnect(() => this.#detach(link));
    push(link, 'connection:state', this.#connection.state);
    this.#showRelay([link]);
    if (this.#welcome) push(link, 'session:welcome', this.#welcome);
    void this.options.loadProfile().then((profile) => push(link, 'profile:update', profile));
    if (link.tabId !== undefined) {
      void this.options.readTabContext(link.tabId).then((context) => {
        if (context) push(link, 'page:context', context);
      });
    }
    this.#quotes.claim(link);
    void this.#attention.attached(link);
    void this.#connection.open();
  }

  /**
   * The worker started, or its keep-alive alarm fired: with no panel, the socket opens (no room
   * joined) if the person wants to stay reachable and has used samepage on this browser.
   */
  async idle(): Promise<void> {
    if (this.#links.size > 0) return;
    const stay = (await this.#stayConnected()) && (await this.#hasIdentity());
    if (stay && !this.#disposed) await this.#connection.open();
  }

  /** The `stayConnected` setting changed: on, the socket opens; off, it closes unless a panel is open. */
  async stayConnectedChanged(): Promise<void> {
    if (await this.#stayConnected()) await this.idle();
    else this.#closeIfUnused();
  }

  /** A tab navigated: Chrome reset its own badge text. */
  tabUpdated(tabId: number): Promise<void> {
    return this.#attention.tabUpdated(tabId);
  }

  /** The tab of the panel a conversation was last seen in, for a notification's click. */
  originOf(key: string): number | undefined {
    return this.#attention.originOf(key);
  }

  /** The tabs whose panels watch `room`. */
  tabsWatching(room: RoomKey): number[] {
    const tabs = new Set<number>();
    for (const link of this.#links)
      if (link.tabId !== undefined && this.#rooms.roomsOf(link).includes(room)) tabs.add(link.tabId);
    return [...tabs];
  }

  /** Opens conversation `key` in the panel of `tabId`, now or once it connects. */
  openConversation(tabId: number, key: string): void {
    this.#attention.open(tabId, key);
  }

  /**
   * The toolbar was clicked: a panel is probably on its way, so the socket connects (and
   * handshakes) while the content script is injected and the panel loads. If no panel comes,
   * it closes as it would after the last one.
   */
  warmUp(): void {
    void this.#connection.open();
    this.#closeIfUnused();
  }

  /** The content script reported where its tab is now. */
  pageChanged(tabId: number, context: PageContext): void {
    let shown = false;
    for (const link of this.#links) {
      if (link.tabId !== tabId) continue;
      push(link, 'page:context', context);
      shown = true;
    }
    // No panel in the tab yet: the click that injected the script has a panel loading, and a
    // new panel watches its page's room first.
    if (!shown && context.status === 'ok') this.#rooms.joinEarly(context.page.key);
  }

  /**
   * The person quoted the page of `tabId` (its floating control or the context menu): the quote
   * goes to the composer of that tab's panel, or waits for the panel the menu is opening. A
   * quote that does not fit the contract is dropped; false then.
   */
  quote(tabId: number, quote: PageQuote): boolean {
    if (quoteProblem(quote) !== null) return false;
    this.#quotes.deliver(tabId, { quote }, this.#links);
    return true;
  }

  /** The display name changed outside a panel (options page). */
  profileChanged(profile: Profile): Promise<void> {
    return this.#names.changed(profile);
  }

  /** The server URL may have changed (options page). */
  serverChanged(): Promise<void> {
    this.#showRelay(this.#links);
    return this.#connection.refresh();
  }

  dispose(): void {
    this.#disposed = true;
    this.#quotes.dispose();
    this.#attention.dispose();
    this.#privacy.dispose();
    this.#safety.dispose();
    this.#rooms.dispose();
    this.#outbox.dispose();
    this.#connection.dispose();
  }

  #detach(link: PanelLink): void {
    this.#links.delete(link);
    this.#rooms.unwatchAll(link);
    void this.#attention.detached(link);
    this.#closeIfUnused();
  }

  /** With no panel, the socket closes after the linger, unless the person stays reachable. */
  #closeIfUnused(): void {
    if (this.#links.size > 0) return;
    // Decided now, as before: a panel that connects while the setting is read cancels the close.
    this.#connection.closeSoon();
    void this.idle();
  }

  /** Issue #15: the panels say which relay they talk through; the address is read as a connection reads it. */
  #showRelay(links: Iterable<PanelLink>): void {
    this.options.credentials().then(
      ({ url }) => {
        const host = relayHost(url);
        for (const link of links) push(link, 'relay:host', { host });
      },
      // No address to read, no host to show: the connection state says what went wrong.
      () => undefined,
    );
  }

  #broadcast<T extends keyof HubPushes>(type: T, payload: HubPushes[T]): void {
    for (const link of this.#links) push(link, type, payload);
  }
}
