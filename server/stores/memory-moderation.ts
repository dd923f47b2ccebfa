import type { RoomKey, UserId } from '../../protocol/index.ts';
import { addressMatcher, banKey, normalizedTarget } from './ban-address.ts';
import {
  MODERATION_LIMITS,
  type AuditEntry,
  type Ban,
  type BanTarget,
  type ModerationLimits,
  type ModerationStore,
  type PrivacySettings,
  type RepeatRun,
  type Report,
  type ReportQuery,
  type StoredRoomMode,
} from './types.ts';

const DEFAULT_MODE: StoredRoomMode = { slowModeSeconds: 0, readOnly: false };

/** Whether a mode is the default one, which is not kept. */
export function isDefaultMode(mode: StoredRoomMode, now: number): boolean {
  return mode.slowModeSeconds === 0 && !mode.readOnly && (mode.autoUntil === undefined || mode.autoUntil <= now);
}

/** The mode after `change`: the fields it gives replace those kept, and one given as undefined is cleared. */
export function mergeMode(kept: StoredRoomMode | undefined, change: Partial<StoredRoomMode>): StoredRoomMode {
  const next = Object.entries({ ...(kept ?? DEFAULT_MODE), ...change }).filter(([, value]) => value !== undefined);
  return { ...DEFAULT_MODE, ...(Object.fromEntries(next) as Partial<StoredRoomMode>) };
}

/** Drops the oldest entries of an insertion-ordered map until it holds at most `max`. */
export function trim<K, V>(map: Map<K, V>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) return;
    map.delete(key);
  }
}

/** Moderation in this process: every part a map in insertion order, trimmed from its oldest end. */
export class MemoryModerationStore implements ModerationStore {
  readonly #reports = new Map<string, Report>();
  readonly #audit = new Map<string, AuditEntry>();
  readonly #bans = new Map<string, Ban>();
  /** The keys of the address bans among #bans, so the check at every handshake reads only those. */
  readonly #addressBans = new Set<string>();
  readonly #modes = new Map<RoomKey, StoredRoomMode>();
  readonly #privacy = new Map<UserId, { settings: PrivacySettings; at: number }>();
  readonly #repeats = new Map<UserId, { hash: string; count: number; since: number }>();

  constructor(
    private readonly limits: ModerationLimits = MODERATION_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  async addReport(report: Report): Promise<void> {
    this.#reports.set(report.id, report);
    trim(this.#reports, this.limits.reports);
  }

  async reports({ reported, room, before, limit }: ReportQuery): Promise<Report[]> {
    const found: Report[] = [];
    for (const report of [...this.#reports.values()].reverse()) {
      if (found.length >= limit) break;
      if (before !== undefined && report.id >= before) continue;
      if (reported !== undefined && report.reported !== reported) continue;
      if (room !== undefined && report.room !== room) continue;
      found.push(report);
    }
    return found;
  }

  async ban(ban: Ban): Promise<boolean> {
    const key = banKey(ban);
    this.#dropEndedBans(ban.at);
    if (!this.#bans.has(key) && this.#bans.size >= this.limits.bans) return false;
    this.#bans.delete(key);
    this.#bans.set(key, normalizedTarget(ban));
    if (ban.address !== undefined) this.#addressBans.add(key);
    return true;
  }

  async unban(target: BanTarget): Promise<boolean> {
    const key = banKey(target);
    this.#addressBans.delete(key);
    return this.#bans.delete(key);
  }

  async bans(now: number): Promise<Ban[]> {
    this.#dropEndedBans(now);
    return [...this.#bans.values()].reverse();
  }

  async banOf(user: UserId, address: string, now: number): Promise<Ban | null> {
    const userBan = this.#bans.get(banKey({ user }));
    let longest = userBan !== undefined && userBan.until > now ? userBan : null;
    const matches = addressMatcher(address);
    for (const key of this.#addressBans) {
      const ban = this.#bans.get(key);
      if (ban === undefined || ban.until <= now || ban.address === undefined) continue;
      if (matches(ban.address) && (longest === null || ban.until > longest.until)) longest = ban;
    }
    return longest;
  }

  async roomMode(room: RoomKey): Promise<StoredRoomMode> {
    return { ...(this.#modes.get(room) ?? DEFAULT_MODE) };
  }

  async setRoomMode(room: RoomKey, change: Partial<StoredRoomMode>): Promise<StoredRoomMode> {
    const next = mergeMode(this.#modes.get(room), change);
    this.#modes.delete(room);
    if (!isDefaultMode(next, this.clock())) this.#modes.set(room, next);
    trim(this.#modes, this.limits.roomModes);
    return { ...next };
  }

  async audit(entry: AuditEntry): Promise<void> {
    this.#audit.set(entry.id, entry);
    trim(this.#audit, this.limits.audit);
  }

  async auditLog(limit: number): Promise<AuditEntry[]> {
    return [...this.#audit.values()].reverse().slice(0, limit);
  }

  async setPrivacy(user: UserId, settings: PrivacySettings, now: number): Promise<void> {
    this.#privacy.delete(user);
    this.#privacy.set(user, { settings, at: now });
    for (const [oldest, kept] of this.#privacy) {
      if (this.#privacy.size <= this.limits.privacyUsers && now - kept.at < this.limits.privacyRetentionMs) break;
      this.#privacy.delete(oldest);
    }
  }

  async privacyOf(user: UserId): Promise<PrivacySettings | null> {
    const kept = this.#privacy.get(user);
    if (kept === undefined || this.clock() - kept.at >= this.limits.privacyRetentionMs) return null;
    return kept.settings;
  }

  async countRepeat(user: UserId, textHash: string, now: number, windowMs: number): Promise<RepeatRun> {
    const last = this.#repeats.get(user);
    const run =
      last !== undefined && last.hash === textHash && now - last.since < windowMs
        ? { ...last, count: last.count + 1 }
        : { hash: textHash, count: 1, since: now };
    this.#repeats.delete(user);
    this.#repeats.set(user, run);
    for (const [oldest, kept] of this.#repeats) {
      if (this.#repeats.size <= this.limits.privacyUsers && now - kept.since < windowMs) break;
      this.#repeats.delete(oldest);
    }
    return { count: run.count, since: run.since };
  }

  #dropEndedBans(now: number): void {
    for (const [key, ban] of this.#bans) {
      if (ban.until > now) continue;
      this.#bans.delete(key);
      this.#addressBans.delete(key);
    }
  }
}
