/**
 * `report:send` (issue #14, docs/protocol.md "Moderation and consent"): a person reports
 * another, or one of their messages, to the relay's operator. A room message is kept with the
 * report as the room's history holds it then; a DM is not on the relay, so its words come only
 * when the reporter chose to include them.
 */
import { ClientEvent, failure, REPORT_NOTE_MAX_CHARS, type Message } from '../../protocol/index.ts';
import { ReportSendRequest } from '../../protocol/schemas.ts';
import type { Report } from '../stores/types.ts';
import { hasJoined } from './channels.ts';
import type { Reachability } from './reach.ts';
import { route } from './request.ts';
import { viewOf } from './stored-message.ts';
import type { ChatDeps } from './types.ts';

export function reportRoutes({ stores, budgets, aliases, nextId, now }: ChatDeps, reach: Reachability) {
  const send = route(
    ClientEvent.ReportSend,
    ReportSendRequest,
    async (socket, { room, user, reason, note, messageId, dm = false, text }) => {
      if (socket.data.v < 2) return failure('bad_request', 'report:send is protocol v2: connect with auth.v 2');
      const reporter = socket.data.user.id;
      // `user` is their id in the room; the report names the person, whom the operator may ban.
      const reported = await aliases.personIn(room, user);
      if (reported === null) return failure('not_here', 'user: nobody has that id in this room');
      if (reported === reporter) return failure('bad_request', 'user: you cannot report yourself');
      if (text !== undefined && !dm) return failure('bad_request', 'text: only a DM is reported with its text');
      if (note !== undefined && [...note].length > REPORT_NOTE_MAX_CHARS)
        return failure('bad_request', `note: at most ${REPORT_NOTE_MAX_CHARS} characters`);
      if (!hasJoined(socket, room) && !(await reach.holdsGrant(socket, room, reported)))
        return failure('not_joined', 'join the room, or have a conversation there, before reporting in it');
      let message: Message | undefined;
      if (messageId !== undefined && !dm) {
        const stored = await stores.history.find(room, messageId);
        if (stored !== null && stored.from.id !== user)
          return failure('bad_request', 'messageId: that message is not from the person reported');
        if (stored !== null) message = viewOf(stored, null);
      }
      const report: Report = {
        id: nextId(),
        room,
        reported,
        reporter,
        reason,
        dm,
        at: now(),
        ...(note === undefined ? {} : { note }),
        ...(messageId === undefined ? {} : { messageId }),
        ...(message === undefined ? {} : { message }),
        ...(text === undefined ? {} : { text }),
      };
      await stores.moderation.addReport(report);
      return { ok: true as const, id: report.id };
    },
    { limit: 'reports', budget: budgets.reports, what: 'reports' },
  );

  return { routes: [send] };
}
