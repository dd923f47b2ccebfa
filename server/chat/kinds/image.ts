import { failure, type Envelope } from '../../../protocol/index.ts';
import { ImageBody } from '../../../protocol/messages.ts';
import { storedOf } from '../stored-message.ts';
import { compile } from '../validate.ts';
import type { KindPolicy, PolicyDeps } from './policy.ts';

export const imagePolicy: KindPolicy<'image'> = {
  body: compile(ImageBody),
  inDms: false,
  budget: 'send',
  newcomerText: (body) => body.alt ?? '',
  async prepare(envelope: Envelope<'image'>, { images }: PolicyDeps) {
    if (!images) return failure('bad_request', 'this relay does not take images');
    const record = await images.info(envelope.body.id);
    // Someone else's upload, or one for another room, is as unknown as a made-up id.
    if (record === null || record.uploader !== envelope.from.id || record.room !== envelope.room)
      return failure('bad_request', 'body.id: no image of yours was uploaded to this room with that id');
    const { width, height, thumbWidth, thumbHeight } = record;
    return { ...envelope, body: { ...envelope.body, width, height, thumbWidth, thumbHeight } };
  },
  async keep(envelope, lane, { stores }) {
    await stores.history.append(storedOf(envelope), lane);
    return envelope;
  },
};
