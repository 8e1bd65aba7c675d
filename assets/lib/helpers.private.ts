// The private helpers module: the one asset functions load (see runtime/load-helpers.ts).
// Each part has one job and is tested on its own.
export * as accessToken from './access-token.private';
export * as addresses from './addresses.private';
export * as auth from './auth.private';
export * as closeConversation from './close-conversation.private';
export * as config from './config.private';
export * as conversations from './conversations.private';
export * as endpoint from './endpoint.private';
export * as guestChat from './guest-chat.private';
export * as handoff from './handoff.private';
export * as history from './history.private';
export * as http from './http.private';
export * as log from './log.private';
export * as onboard from './onboard.private';
export * as onboardInput from './onboard-input.private';
export * as participants from './participants.private';
export * as sendMessage from './send-message.private';
export * as session from './session.private';
export * as signature from './signature.private';
export * as studioAttach from './studio-attach.private';
export * as tokenEndpoint from './token-endpoint.private';
export * as twilio from './twilio.private';
export * as validation from './validation.private';
export * as webhook from './webhook-endpoint.private';
