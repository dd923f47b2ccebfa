/** Builds a panel's models over a fake hub, the way main.tsx builds them over the real one. */
import { vi } from 'vitest';
import type { Message } from '../../../protocol/index.ts';
import type { PageContext } from '../../lib/domain.ts';
import { createPanelModels, type PanelModels } from '../models/index.ts';
import { createFakeHub, type FakeHub } from './fake-hub.ts';
import { ALICE, BOB, joined, pageContext, type TextEnvelope } from './fixtures.ts';

export interface PanelSetup {
  hub: FakeHub;
  models: PanelModels;
  openPopOut: ReturnType<typeof vi.fn<(pageUrl: string, title: string) => Promise<void>>>;
}

export function setupPanel(popOutUrl: string | null = null, popOutTitle: string | null = null): PanelSetup {
  const hub = createFakeHub();
  const openPopOut = vi.fn<(pageUrl: string, title: string) => Promise<void>>(async () => undefined);
  const models = createPanelModels(hub, { popOutUrl, popOutTitle, openPopOut });
  return { hub, models, openPopOut };
}

/** Puts the injected panel on a page and answers its room:watch. */
export async function enterRoom(
  hub: FakeHub,
  {
    self = ALICE,
    members = [ALICE, BOB],
    history = [] as readonly (TextEnvelope | Message)[],
    context = pageContext() as PageContext,
  } = {},
): Promise<void> {
  hub.push('page:context', context);
  await hub.next('room:watch').answer(joined(self, members, history));
}
