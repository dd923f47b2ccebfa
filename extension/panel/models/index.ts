/** All of a panel's models, built and torn down together. */
import { computed } from '@preact/signals';
import type { HubClient } from '../hub-client.ts';
import { createConnectionModel, type ConnectionModel } from './connection.ts';
import { createDmModel, type DmModel } from './dm.ts';
import { createDmPicturesModel, type DmPicturesModel } from './dm-pictures.ts';
import { createDraftStore, keepDrafts, type DraftStore } from './draft.ts';
import { createImagesModel, type ImagesModel } from './images.ts';
import { createInboxModel, type InboxModel } from './inbox.ts';
import { createNavigationModel, type NavigationModel } from './navigation.ts';
import { createPageModel, type PageModel, type PageModelOptions } from './page.ts';
import { createPageQuoteModel, type PageQuoteModel } from './page-quote.ts';
import { createProfileModel, type ProfileModel } from './profile.ts';
import { createRoomModel, type RoomModel } from './room.ts';
import { createSafetyModel, type SafetyModel } from './safety.ts';
import { createVisibilityModel, type VisibilityModel } from './visibility.ts';
import { startWordFilter } from './word-filter.ts';

export interface PanelModels {
  page: PageModel;
  connection: ConnectionModel;
  profile: ProfileModel;
  room: RoomModel;
  dm: DmModel;
  /** Every conversation, as the hub keeps them. */
  inbox: InboxModel;
  /** The view on screen: room, Messages, a conversation; what the hub is told of it. */
  navigation: NavigationModel;
  /** Whether the person can see the panel (document visible, panel not collapsed). */
  visibility: VisibilityModel;
  /** The quote waiting in the composer; showing quoted passages. */
  quote: PageQuoteModel;
  /** Pictures: where they are served, the gallery, the viewer, the upload. */
  images: ImagesModel;
  /** Pictures in DMs, encrypted end to end: sending one, and decrypting those shown. */
  dmPictures: DmPicturesModel;
  /** Who this person blocked and muted, what they hid, and their reports. */
  safety: SafetyModel;
  dispose(): void;
}

/** `drafts`: where composer drafts are kept across panels of the tab (a seam for tests). */
export function createPanelModels(
  hub: HubClient,
  options: PageModelOptions,
  drafts: DraftStore = createDraftStore(),
): PanelModels {
  const page = createPageModel(hub, options);
  const connection = createConnectionModel(hub);
  const profile = createProfileModel(hub);
  const room = createRoomModel(hub, page.context);
  const visibility = createVisibilityModel();
  const inbox = createInboxModel(hub);
  const dm = createDmModel(hub, room, inbox, visibility.visible);
  const navigation = createNavigationModel(hub, room, dm, inbox, visibility.visible);
  const quote = createPageQuoteModel(hub);
  const images = createImagesModel(hub, room);
  const dmPictures = createDmPicturesModel(hub, dm);
  const wordFilter = startWordFilter();
  const safety = createSafetyModel(hub);
  const roomKey = computed(() => room.room.value?.key ?? null);
  const stopDrafts = keepDrafts(drafts, [
    { key: roomKey, draft: room.draft, setDraft: room.setDraft },
    {
      key: computed(() => dm.conversation.value?.key ?? null),
      draft: dm.draft,
      setDraft: dm.setDraft,
    },
  ]);
  return {
    page,
    connection,
    profile,
    room,
    dm,
    inbox,
    navigation,
    visibility,
    quote,
    images,
    dmPictures,
    safety,
    dispose() {
      stopDrafts();
      wordFilter.stop();
      for (const model of [
        safety,
        dmPictures,
        images,
        quote,
        navigation,
        dm,
        inbox,
        visibility,
        room,
        profile,
        connection,
        page,
      ])
        model.dispose();
    },
  };
}
