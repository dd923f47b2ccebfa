/**
 * Reports grouped by the person reported, most reported first: what an operator looks at to
 * find the one harasser behind many reports.
 */
import type { ReportReason } from '../../protocol/index.ts';
import type { Report } from '../stores/types.ts';

export interface ReportedUser {
  reported: string;
  count: number;
  /** How many reporters: ten reports from one person weigh less than ten from ten. */
  reporters: number;
  reasons: Partial<Record<ReportReason, number>>;
  rooms: number;
  latestAt: number;
}

export function groupByReported(reports: readonly Report[]): ReportedUser[] {
  const groups = new Map<string, ReportedUser & { reporterSet: Set<string>; roomSet: Set<string> }>();
  for (const report of reports) {
    const group = groups.get(report.reported) ?? {
      reported: report.reported,
      count: 0,
      reporters: 0,
      reasons: {},
      rooms: 0,
      latestAt: 0,
      reporterSet: new Set<string>(),
      roomSet: new Set<string>(),
    };
    group.count++;
    group.reporterSet.add(report.reporter);
    group.roomSet.add(report.room);
    group.reasons[report.reason] = (group.reasons[report.reason] ?? 0) + 1;
    group.latestAt = Math.max(group.latestAt, report.at);
    groups.set(report.reported, group);
  }
  return [...groups.values()]
    .map(({ reporterSet, roomSet, ...group }) => ({ ...group, reporters: reporterSet.size, rooms: roomSet.size }))
    .sort((a, b) => b.count - a.count || b.latestAt - a.latestAt);
}
