// Address Configurations as state: which inbound address autocreates a conversation, and how.
import type { AddressConfigurationRecord, AutoCreation } from '../state';
import { invalidParameter, TwilioApiError } from '../errors';
import { newSid } from '../sids';
import type { Ctx } from './context';

export type AddressConfigurationInput = {
  type: string;
  address: string;
  friendlyName?: string;
  addressCountry?: string;
  autoCreation?: Partial<AutoCreation>;
};

export function checkAutoCreation(auto: AutoCreation): void {
  if (!auto.enabled) return;
  if (auto.type === 'webhook' && !auto.webhookUrl) throw invalidParameter('AutoCreation.WebhookUrl is required for AutoCreation.Type webhook');
  if (auto.type === 'studio' && !auto.studioFlowSid) throw invalidParameter('AutoCreation.StudioFlowSid is required for AutoCreation.Type studio');
}

export function addAddressConfiguration(ctx: Ctx, input: AddressConfigurationInput): AddressConfigurationRecord {
  const auto = { ...defaultAutoCreation(), ...input.autoCreation };
  checkAutoCreation(auto);
  if ([...ctx.state.addressConfigurations.values()].some((a) => a.address === input.address && a.type === input.type)) {
    // GUESS: Twilio refuses a second configuration for the same address; the code is a guess.
    throw new TwilioApiError(409, 50353, `An address configuration already exists for ${input.address}`);
  }
  const now = ctx.clock.now();
  const record: AddressConfigurationRecord = {
    sid: newSid('IG'),
    type: input.type,
    address: input.address,
    friendlyName: input.friendlyName ?? null,
    addressCountry: input.addressCountry ?? null,
    autoCreation: auto,
    dateCreated: now,
    dateUpdated: now,
  };
  ctx.state.addressConfigurations.set(record.sid, record);
  return record;
}

export const defaultAutoCreation = (): AutoCreation => ({
  enabled: false,
  type: 'default',
  conversationServiceSid: null,
  webhookUrl: null,
  webhookMethod: 'POST',
  webhookFilters: [],
  studioFlowSid: null,
  studioRetryCount: null,
});
