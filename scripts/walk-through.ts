// What `npm start` prints in sandbox mode: where things run, and a curl command for every
// endpoint that works as printed.
import type { SandboxEnv } from './sandbox-env';

export function walkThrough(env: SandboxEnv, session: string, envFile: string, agent: string): string {
  const f = env.functionsUrl;
  const s = env.sandboxUrl;
  const server = `-H "Authorization: Bearer ${env.serverApiToken}"`;
  const json = `-H "Content-Type: application/json"`;
  const basic = `-u ${env.accountSid}:${env.authToken}`;
  // Each command is one line: the start test runs every printed curl line as it is.
  const participants = [
    { channel: 'sms', address: '+14155550123' },
    { channel: 'whatsapp', address: '+14155550124' },
    { channel: 'chat', identity: 'alice' },
  ];
  const onboard = JSON.stringify({ uniqueName: 'order-42', participants });
  const inbound = `--data-urlencode From=+14155550199 --data-urlencode To=${env.smsProxyNumber} --data-urlencode "Body=Hi, I need help"`;
  return `
conversations-functions — sandbox mode (no Twilio account needed)

  console    ${env.consoleUrl}   (open it in a browser: watch and drive the conversations)
  AI agent   ${agent}
  functions  ${f}
  sandbox    ${s}   (a local Conversations API; Basic auth ${env.accountSid}:${env.authToken})
  secrets    ${envFile}   (throwaway; \`npm run session -- <identity>\` signs a session JWT)
  SMS number ${env.smsProxyNumber}   WhatsApp sender ${env.whatsappSender}

Try it:

  # health
  curl ${f}/health

  # a chat token for "alice" (session JWT signed with the sandbox SESSION_SECRET)
  curl -X POST ${f}/token -H "Authorization: Bearer ${session}"

  # a guest web chat, as a web page would start it
  curl -X POST ${f}/webchat/start ${json} -H "Origin: ${f}" -d '{"friendlyName":"Pat","question":"Where is my order?"}'

  # the guest ends its chat (the sessionToken and conversationSid from the /webchat/start answer)
  curl -X POST ${f}/webchat/end ${json} -H "Authorization: Bearer <sessionToken>" -d '{"conversationSid":"CH...","notice":"The visitor left."}'

  # put an SMS customer, a WhatsApp customer and an agent into one conversation
  curl -X POST ${f}/participants/onboard ${server} ${json} -d '${onboard}'

  # the SMS customer's conversations with their latest messages, then one conversation in full
  curl -G ${f}/conversations/list ${server} --data-urlencode channel=sms --data-urlencode address=+14155550123
  curl "${f}/conversations/fetch?uniqueName=order-42" ${server}
  # its transcript: participants by channel and every message (&format=text: one line per message)
  curl "${f}/conversations/transcript?uniqueName=order-42" ${server}

  # send into it, read it back, close it (use the conversationSid from the answer above)
  curl -X POST ${f}/conversations/messages/send ${server} ${json} -d '{"conversationSid":"CH...","body":"Your order shipped"}'
  curl "${f}/conversations/messages/history?conversationSid=CH...&channel=sms" ${server}
  # one message's receipts per SMS/WhatsApp participant (status, error code)
  curl "${f}/conversations/messages/receipts?conversationSid=CH...&messageSid=IM..." ${server}
  curl -X POST ${f}/conversations/close ${server} ${json} -d '{"conversationSid":"CH..."}'

  # change attributes by merge patch (null removes a key), a participant's too; remove participants
  curl -X POST ${f}/conversations/update ${server} ${json} -d '{"uniqueName":"order-42","attributes":{"priority":"high"},"state":"inactive"}'
  curl -X POST ${f}/participants/update ${server} ${json} -d '{"conversationSid":"CH...","identity":"alice","attributes":{"role":"agent"}}'
  curl -X POST ${f}/participants/remove ${server} ${json} -d '{"conversationSid":"CH...","participants":[{"identity":"alice"}]}'

  # a customer texts your number: a conversation is autocreated and the webhook runs
  curl -X POST ${s}/sandbox/inbound ${basic} ${inbound}

  # everything the sandbox holds (conversations, messages, deliveries, webhook calls)
  curl ${s}/sandbox/state ${basic}

Ctrl-C stops both.
`;
}
