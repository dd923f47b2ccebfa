/**
 * What this person did to protect themselves, as the panel shows it (issue #14): who they
 * blocked (everywhere), who they muted in which room and until when, and which messages they
 * hid. The lists live in `storage.local` (lib/safety-lists.ts), so a change made in another
 * panel, the options page or the hub shows here at once; a mute that ends while the panel is
 * open ends on screen too (a timer to the next end). Reports go to the relay through the hub.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { Member, Message, ReportSendAnswer, ReportSendRequest, RoomKey, UserId } from '../../../protocol/index.ts';
import {
  block,
  hideMessage,
  mute,
  readBlocked,
  readHidden,
  readMutes,
  unblock,
  unmute,
  watchSafetyLists,
  type Person,
} from '../../lib/safety-lists.ts';
import type { Mute } from '../../lib/storage-keys.ts';
import type { HubClient } from '../hub-client.ts';

/** What the report dialog is about: a person, or one of their messages (a DM's when `dm`). */
export interface ReportSubject {
  person: Member;
  room: RoomKey;
  message?: Message;
  dm: boolean;
}

export interface SafetyModel {
  /** The report being written, shown by the panel's one report dialog; null when none. */
  readonly reporting: ReadonlySignal<ReportSubject | null>;
  /** Opens the report dialog; `opener` gets the focus back when it closes. */
  startReport(subject: ReportSubject, opener?: HTMLElement | null): void;
  endReport(): void;
  /** The ids blocked. */
  readonly blocked: ReadonlySignal<ReadonlySet<UserId>>;
  /** The mutes in force now. */
  readonly mutes: ReadonlySignal<readonly Mute[]>;
  /** Per room key, the messages this person hid. */
  readonly hidden: ReadonlySignal<Readonly<Record<RoomKey, readonly string[]>>>;
  /**
   * What this panel shows anyway, for now only (not kept): a blocked or hidden message by its
   * id, a muted person's messages by `mutedKey`.
   */
  readonly revealed: ReadonlySignal<ReadonlySet<string>>;
  reveal(key: string): void;
  isBlocked(id: UserId): boolean;
  isMuted(room: RoomKey, id: UserId): boolean;
  isHidden(room: RoomKey, messageId: string): boolean;
  block(person: Person): Promise<void>;
  unblock(id: UserId): Promise<void>;
  /** `forMs` null: until unmuted. */
  mute(room: RoomKey, person: Person, forMs: number | null): Promise<void>;
  unmute(room: RoomKey, id: UserId): Promise<void>;
  hide(room: RoomKey, messageId: string): Promise<void>;
  report(request: ReportSendRequest): Promise<ReportSendAnswer>;
  dispose(): void;
}

/** The key `revealed` holds for "show the messages of this person muted in this room". */
export const mutedKey = (room: RoomKey, id: UserId): string => `${room}\n${id}`;

/** The longest a timer may wait (a setTimeout past 2^31 - 1 ms fires at once). */
const TIMER_MAX_MS = 2_147_483_647;

export function createSafetyModel(hub: HubClient, now: () => number = Date.now): SafetyModel {
  const blocked = signal<ReadonlySet<UserId>>(new Set());
  const mutes = signal<readonly Mute[]>([]);
  const hidden = signal<Readonly<Record<RoomKey, readonly string[]>>>({});
  const revealed = signal<ReadonlySet<string>>(new Set());
  const reporting = signal<ReportSubject | null>(null);
  let opener: HTMLElement | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  async function load(): Promise<void> {
    const [people, muted, hid] = await Promise.all([readBlocked(), readMutes(now()), readHidden()]);
    if (disposed) return;
    blocked.value = new Set(people.map((person) => person.id));
    mutes.value = muted;
    hidden.value = hid;
    clearTimeout(timer);
    const ends = muted.flatMap((entry) => (entry.until === null ? [] : [entry.until]));
    if (ends.length > 0) timer = setTimeout(() => void load(), Math.min(Math.min(...ends) - now() + 1, TIMER_MAX_MS));
  }

  const stop = watchSafetyLists(() => void load());
  void load();

  return {
    blocked,
    mutes,
    hidden,
    reporting,
    startReport(subject, from = null) {
      opener = from;
      reporting.value = subject;
    },
    endReport() {
      reporting.value = null;
      // The opener may be gone (its message hidden as the report closed): focus then stays put.
      if (opener?.isConnected) opener.focus();
      opener = null;
    },
    revealed,
    reveal(key) {
      revealed.value = new Set([...revealed.value, key]);
    },
    isBlocked: (id) => blocked.value.has(id),
    isMuted: (room, id) => mutes.value.some((entry) => entry.room === room && entry.id === id),
    isHidden: (room, messageId) => hidden.value[room]?.includes(messageId) ?? false,
    // Each change is shown at once, before the storage event confirms it.
    async block(person) {
      blocked.value = new Set([...blocked.value, person.id]);
      await block(person, now());
    },
    async unblock(id) {
      blocked.value = new Set([...blocked.value].filter((other) => other !== id));
      await unblock(id);
    },
    async mute(room, person, forMs) {
      await mute(room, person, forMs, now());
      await load();
    },
    async unmute(room, id) {
      await unmute(room, id, now());
      await load();
    },
    async hide(room, messageId) {
      hidden.value = { ...hidden.value, [room]: [...(hidden.value[room] ?? []), messageId] };
      await hideMessage(room, messageId);
    },
    report: (request) => hub.request('report:send', request),
    dispose() {
      disposed = true;
      clearTimeout(timer);
      stop();
    },
  };
}
