// The private helpers module: the one asset functions load (see runtime/load-helpers.ts).
// It exports exactly the parts the functions use (test/deploy/module-tests.test.ts checks).
export * as agentAttach from './agent/attach';
export * as closeConversation from './manage/close-conversation';
export * as config from './platform/config';
export * as endChat from './webchat/end-chat';
export * as endpoint from './http/endpoint';
export * as fetchConversation from './manage/fetch-conversation';
export * as manifest from './endpoints/manifest';
export * as guestChat from './webchat/guest-chat';
export * as handoff from './handoff/handoff';
export * as history from './messages/history';
export * as http from './http/errors';
export * as listConversations from './manage/list-conversations';
export * as listInput from './manage/list-input';
export * as httpHeaders from './http/headers';
export * as onboard from './onboard/onboard';
export * as onboardInput from './onboard/input';
export * as receipts from './messages/receipts';
export * as removeParticipants from './manage/remove-participants';
export * as sendMessage from './messages/send';
export * as studioAttach from './handoff/attach-flow';
export * as tokenEndpoint from './tokens/token-for-session';
export * as updateConversation from './manage/update-conversation';
export * as updateParticipant from './manage/update-participant';
export * as transcript from './manage/transcript';
export * as webhook from './webhook/endpoint';
