// The private helpers module: the one asset functions load (see runtime/load-helpers.ts).
// Each part has one job and is tested on its own.
export * as accessToken from './tokens/access-token';
export * as addresses from './conversations/addresses';
export * as auth from './auth/server-auth';
export * as closeConversation from './manage/close-conversation';
export * as config from './platform/config';
export * as conversations from './conversations/service';
export * as endpoint from './http/endpoint';
export * as manifest from './endpoints/manifest';
export * as guestChat from './webchat/guest-chat';
export * as handoff from './handoff/handoff';
export * as history from './messages/history';
export * as http from './http/errors';
export * as httpHeaders from './http/headers';
export * as log from './http/log';
export * as onboard from './onboard/onboard';
export * as onboardInput from './onboard/input';
export * as participants from './conversations/participants';
export * as sendMessage from './messages/send';
export * as session from './auth/session';
export * as signature from './auth/signature';
export * as studioAttach from './handoff/attach-flow';
export * as tokenEndpoint from './tokens/token-for-session';
export * as twilio from './platform/twilio-client';
export * as validation from './http/validation';
export * as webhook from './webhook/endpoint';
