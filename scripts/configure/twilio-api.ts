// The few Twilio calls `configure` makes, behind a small interface (the rest of the
// command is tested against a fake of it), and their twilio-node implementation.
// twilio-node reads only FLAT option keys ('autoCreation.webhookUrl'): nested objects
// would be dropped silently (its create and update copy each flat key by name, e.g. params["autoCreation.webhookUrl"]).
import type { AddressConfigurationListInstanceCreateOptions } from 'twilio/lib/rest/conversations/v1/addressConfiguration';
import type { TwilioClient } from '../../assets/lib/platform/twilio-client';
import type { AutoCreation, ExistingAddress, WantedAddress, WebhookScope, WebhookSettings } from './plan';

export type ServerlessEnvironment = { uniqueName: string; domainName: string; buildSid: string | null };

export type SyncService = { sid: string; friendlyName: string | null };

export type ConversationService = { sid: string; friendlyName: string | null };

export interface ConfigurationApi {
  fetchWebhooks(scope: WebhookScope, serviceSid: string): Promise<WebhookSettings>;
  updateWebhooks(scope: WebhookScope, serviceSid: string, settings: WebhookSettings): Promise<void>;
  listAddresses(): Promise<ExistingAddress[]>;
  /** Returns the new configuration's SID (IG...). */
  createAddress(address: WantedAddress): Promise<string>;
  updateAddress(sid: string, address: WantedAddress): Promise<void>;
  /** The account's default Conversations Service (GET /v1/Configuration). */
  fetchDefaultServiceSid(): Promise<string | null>;
  /** The Serverless environments of a Functions service: where the last deploy went. */
  listEnvironments(serviceSid: string): Promise<ServerlessEnvironment[]>;
  /** A Sync Service by SID or `default` (GET sync /v1/Services/{Sid}); null when there is none (404). */
  fetchSyncService(sid: string): Promise<SyncService | null>;
  /** The account's Conversations Services (GET /v1/Services, every page). */
  listConversationServices(): Promise<ConversationService[]>;
  /** A Conversations Service by SID; null when there is none (404). */
  fetchConversationService(sid: string): Promise<ConversationService | null>;
  /** Creates a Conversations Service (POST /v1/Services). */
  createConversationService(friendlyName: string): Promise<ConversationService>;
}

/** Twilio answers a missing Service with 404 (Sync's with 54050: https://www.twilio.com/docs/api/errors/54050). */
const isNotFound = (error: unknown) => (error as { status?: unknown })?.status === 404;

type RawAutoCreation = Partial<{
  enabled: boolean;
  type: string;
  conversation_service_sid: string | null;
  webhook_url: string | null;
  webhook_method: string | null;
  webhook_filters: string[] | null;
  studio_flow_sid: string | null;
}>;

/** twilio-node types `auto_creation` as `any`: read it field by field. */
function readAutoCreation(raw: unknown): AutoCreation {
  const auto = (typeof raw === 'object' && raw !== null ? raw : {}) as RawAutoCreation;
  return {
    enabled: auto.enabled === true,
    type: auto.type ?? 'default',
    conversationServiceSid: auto.conversation_service_sid ?? null,
    webhookUrl: auto.webhook_url ?? null,
    webhookMethod: auto.webhook_method ?? null,
    webhookFilters: auto.webhook_filters ?? [],
    studioFlowSid: auto.studio_flow_sid ?? null,
  };
}

type AutoCreationOptions = Omit<AddressConfigurationListInstanceCreateOptions, 'type' | 'address' | 'friendlyName' | 'addressCountry'>;

/** Only the fields of the wanted kind: the others stay as they are on Twilio. */
export function autoCreationOptions(auto: AutoCreation): AutoCreationOptions {
  const options: AutoCreationOptions = {
    'autoCreation.enabled': auto.enabled,
    'autoCreation.type': auto.type as AutoCreationOptions['autoCreation.type'],
    ...(auto.conversationServiceSid ? { 'autoCreation.conversationServiceSid': auto.conversationServiceSid } : {}),
  };
  if (auto.type === 'studio') options['autoCreation.studioFlowSid'] = auto.studioFlowSid ?? undefined;
  return options;
}

export function twilioConfigurationApi(client: TwilioClient): ConfigurationApi {
  const conversations = client.conversations.v1;
  const webhooks = (scope: WebhookScope, serviceSid: string) =>
    scope === 'global' ? conversations.configuration.webhooks() : conversations.services(serviceSid).configuration.webhooks();
  return {
    async fetchWebhooks(scope, serviceSid) {
      const found = await webhooks(scope, serviceSid).fetch();
      return {
        preWebhookUrl: found.preWebhookUrl ?? null,
        postWebhookUrl: found.postWebhookUrl ?? null,
        method: found.method ?? null,
        filters: found.filters ?? [],
      };
    },
    async updateWebhooks(scope, serviceSid, settings) {
      // The account-wide resource also has `Target` (webhook | flex): left as it is.
      const update = {
        preWebhookUrl: settings.preWebhookUrl ?? '',
        postWebhookUrl: settings.postWebhookUrl ?? '',
        method: settings.method ?? 'POST',
        filters: settings.filters,
      };
      if (scope === 'global') await conversations.configuration.webhooks().update(update);
      else await conversations.services(serviceSid).configuration.webhooks().update(update);
    },
    async listAddresses() {
      const all = await conversations.addressConfigurations.list({ pageSize: 50 });
      return all.map((a) => ({ sid: a.sid, type: a.type, address: a.address, autoCreation: readAutoCreation(a.autoCreation) }));
    },
    async createAddress(address) {
      const created = await conversations.addressConfigurations.create({
        type: address.type,
        address: address.address,
        ...autoCreationOptions(address.autoCreation),
      });
      return created.sid;
    },
    async updateAddress(sid, address) {
      await conversations.addressConfigurations(sid).update(autoCreationOptions(address.autoCreation));
    },
    async fetchDefaultServiceSid() {
      return (await conversations.configuration().fetch()).defaultChatServiceSid ?? null;
    },
    async listEnvironments(serviceSid) {
      const environments = await client.serverless.v1.services(serviceSid).environments.list({ pageSize: 50 });
      return environments.map((e) => ({ uniqueName: e.uniqueName, domainName: e.domainName, buildSid: e.buildSid ?? null }));
    },
    async listConversationServices() {
      const all = await conversations.services.list({ pageSize: 100 });
      return all.map((service) => ({ sid: service.sid, friendlyName: service.friendlyName ?? null }));
    },
    async fetchConversationService(sid) {
      try {
        const found = await conversations.services(sid).fetch();
        return { sid: found.sid, friendlyName: found.friendlyName ?? null };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
    async createConversationService(friendlyName) {
      const created = await conversations.services.create({ friendlyName });
      return { sid: created.sid, friendlyName: created.friendlyName ?? null };
    },
    async fetchSyncService(sid) {
      try {
        const found = await client.sync.v1.services(sid).fetch();
        return { sid: found.sid, friendlyName: found.friendlyName ?? null };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
  };
}
