// A message's aggregated delivery summary as Twilio gives it (`delivery`: total, and per status
// "all" | "some" | "none" of the SMS/WhatsApp recipients), read defensively: anything else
// in that field is answered as null rather than passed on.
import * as v from 'valibot';

const share = v.picklist(['all', 'some', 'none']);

const deliverySchema = v.object({
  total: v.pipe(v.number(), v.integer(), v.minValue(0)),
  sent: share,
  delivered: share,
  read: share,
  failed: share,
  undelivered: share,
});

export type DeliverySummary = v.InferOutput<typeof deliverySchema>;

/** null for a chat-only message (Twilio's `delivery: null`) or a summary we cannot read. */
export function readDeliverySummary(delivery: unknown): DeliverySummary | null {
  // valibot's object answers only the keys it names: nothing else in the field is passed on.
  const parsed = v.safeParse(deliverySchema, delivery);
  return parsed.success ? parsed.output : null;
}
