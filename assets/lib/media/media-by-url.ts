// A send's media given by URL, made into Media Content Service uploads before the message is
// created. Per URL, in parallel: fetch (capped), sniff the type, upload. Alongside, one read of the
// conversation's participants says which channels the media must suit; its answer is checked
// once both are in, so the fetch+upload and that read cost one round trip together. The message
// is created only when every media is uploaded and suits every channel: never half a message.
// A refusal found after an upload leaves that upload unattached (Twilio keeps media until its
// message is deleted; an unattached one is never shown).
import type { ConversationsService } from '../conversations/service';
import { channelOfParticipant } from '../conversations/channels';
import { conversationMissing } from '../conversations/errors';
import { HttpError } from '../http/errors';
import { CHANNEL_MEDIA, mediaChannelsOf, refusalFor, type MediaChannel } from './channel-limits';
import { fetchMedia, mediaTooLarge } from './fetch-media';
import { sniffContentType } from './sniff';
import { uploadMedia, type McsCredentials, type UploadedMedia } from './upload';

// A conversation has at most 50 non-chat participants; chat ones beyond a page add no channel.
const PARTICIPANTS_PAGE = 100;

export type MediaByUrlOptions = {
  service: ConversationsService;
  serviceSid: string;
  conversationSid: string;
  credentials: McsCredentials;
  sandboxMode: boolean;
  chatMaxBytes: number;
  deadlineAt: number;
};

function typeUnsupported(url: string, contentType: string | undefined, channel: MediaChannel): HttpError {
  const found = contentType ?? 'not a known binary format';
  return new HttpError(
    'media_type_unsupported',
    `mediaUrl ${url}: ${found} cannot be sent to ${channel} (it takes ${CHANNEL_MEDIA[channel].types.join(', ')}).`,
    {
      details: { url, contentType: contentType ?? null, channel },
    },
  );
}

async function channelsOf(options: MediaByUrlOptions): Promise<MediaChannel[]> {
  const participants = await options.service
    .conversations(options.conversationSid)
    .participants.list({ pageSize: PARTICIPANTS_PAGE, limit: PARTICIPANTS_PAGE })
    .catch(conversationMissing(options.conversationSid));
  return mediaChannelsOf(participants.map(channelOfParticipant));
}

type Prepared = { url: string; contentType: string; size: number; upload: UploadedMedia };

async function fetchAndUpload(url: string, options: MediaByUrlOptions, maxBytes: number): Promise<Prepared> {
  const fetched = await fetchMedia(url, { sandboxMode: options.sandboxMode, maxBytes, deadlineAt: options.deadlineAt });
  const contentType = await sniffContentType(fetched.bytes);
  // Not a type any channel takes: refused before it is uploaded.
  if (!contentType || !Object.values(CHANNEL_MEDIA).some((channel) => channel.types.includes(contentType))) throw typeUnsupported(url, contentType, 'chat');
  const upload = await uploadMedia(
    options.credentials,
    options.serviceSid,
    { url, bytes: fetched.bytes, contentType, filename: fetched.filename },
    options.deadlineAt,
  );
  return { url, contentType, size: fetched.bytes.length, upload };
}

/** The ME sids of the uploaded media, in the order of the URLs; or the first refusal, naming its URL. */
export async function mediaByUrl(urls: readonly string[], options: MediaByUrlOptions): Promise<string[]> {
  // The fetch stops at the largest size any channel could take; each channel's own cap is checked after.
  const fetchCap = Math.max(options.chatMaxBytes, CHANNEL_MEDIA.whatsapp.maxBytes);
  const channels = channelsOf(options);
  const settled = await Promise.allSettled([channels, ...urls.map((url) => fetchAndUpload(url, options, fetchCap))]);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  const [channelList, ...prepared] = settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as [MediaChannel[], ...Prepared[]];
  for (const media of prepared) {
    const refusal = refusalFor(channelList, media.contentType, media.size, options.chatMaxBytes);
    if (refusal?.reason === 'type') throw typeUnsupported(media.url, media.contentType, refusal.channel);
    if (refusal?.reason === 'too_large') throw mediaTooLarge(media.url, refusal.limit ?? 0, refusal.channel);
  }
  return prepared.map((media) => media.upload.sid);
}
