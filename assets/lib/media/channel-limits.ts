// What each channel accepts as media: a size cap and content types. MMS and WhatsApp follow
// Twilio's "Accepted content types for media" (https://www.twilio.com/docs/messaging/guides/accepted-mime-types)
// and "Guidance on WhatsApp media messages" (https://www.twilio.com/docs/whatsapp/guidance-whatsapp-media-messages):
// MMS 5 MB, WhatsApp 16 MB (images 5 MB). Chat takes what the Media Content Service takes
// (150 MB), capped by MEDIA_MAX_BYTES because the bytes pass through the Function's memory.
// The lists are the types a sniffer can prove from the bytes: images, PDF, common audio/video.
export type MediaChannel = 'sms' | 'whatsapp' | 'chat';

const MB = 1024 * 1024;

const IMAGES = ['image/jpeg', 'image/png', 'image/gif'];
const PDF = 'application/pdf';

export const CHANNEL_MEDIA: Record<MediaChannel, { maxBytes: number; types: readonly string[] }> = {
  // MMS: Twilio formats images (jpeg, png, gif) for devices; other accepted types pass as they are.
  sms: { maxBytes: 5 * MB, types: [...IMAGES, PDF, 'audio/mpeg', 'audio/ogg', 'audio/amr', 'video/mp4', 'video/3gpp'] },
  whatsapp: { maxBytes: 16 * MB, types: ['image/jpeg', 'image/png', PDF, 'audio/ogg', 'audio/amr', 'audio/mpeg', 'audio/aac', 'video/mp4', 'video/3gpp'] },
  chat: {
    maxBytes: Number.POSITIVE_INFINITY,
    types: [...IMAGES, 'image/webp', PDF, 'audio/mpeg', 'audio/ogg', 'audio/wav', 'video/mp4', 'video/webm', 'video/quicktime'],
  },
};

/** WhatsApp sends images only up to 5 MB. */
const WHATSAPP_IMAGE_MAX_BYTES = 5 * MB;

/** The channels media must suit: those of the conversation's participants (chat when there are none). */
export function mediaChannelsOf(channels: Iterable<string>): MediaChannel[] {
  const found = new Set<MediaChannel>();
  for (const channel of channels) if (channel === 'sms' || channel === 'whatsapp' || channel === 'chat') found.add(channel);
  return found.size ? [...found] : ['chat'];
}

export type MediaRefusal = { reason: 'too_large' | 'type'; channel: MediaChannel; limit?: number };

/** Why one channel refuses this media, or undefined when every channel takes it. */
export function refusalFor(channels: readonly MediaChannel[], contentType: string, size: number, chatMaxBytes: number): MediaRefusal | undefined {
  for (const channel of channels) {
    if (!CHANNEL_MEDIA[channel].types.includes(contentType)) return { reason: 'type', channel };
    const cap =
      channel === 'chat'
        ? chatMaxBytes
        : channel === 'whatsapp' && contentType.startsWith('image/')
          ? WHATSAPP_IMAGE_MAX_BYTES
          : CHANNEL_MEDIA[channel].maxBytes;
    if (size > cap) return { reason: 'too_large', channel, limit: cap };
  }
  return undefined;
}
