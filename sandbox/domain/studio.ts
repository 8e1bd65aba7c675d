// What a studio-target conversation webhook does in the sandbox: no flow runs, but the
// Execution Studio would create is recorded (FN sid), with the trigger it would receive.
// A message arriving while the flow's execution for that conversation is still active
// joins that execution (a flow waits in "Send & Wait For Reply"); otherwise a new one starts.
import type { Clock } from '../clock';
import { newSid } from '../sids';
import type { ConversationRecord, ExecutionRecord, MessageRecord, SandboxState } from '../state';

export function deliverToFlow(
  state: SandboxState,
  clock: Clock,
  flowSid: string,
  conversation: ConversationRecord,
  message: MessageRecord,
  params: Record<string, string>,
): ExecutionRecord {
  const now = clock.now();
  const active = [...state.executions.values()].find((e) => e.flowSid === flowSid && e.conversationSid === conversation.sid && e.status === 'active');
  if (active) {
    active.messageSids.push(message.sid);
    active.dateUpdated = now;
    return active;
  }
  const execution: ExecutionRecord = {
    sid: newSid('FN'),
    flowSid,
    conversationSid: conversation.sid,
    contactChannelAddress: message.author,
    status: 'active',
    context: { trigger: { conversation: { ...params, From: message.author, ChatServiceSid: conversation.serviceSid } } },
    messageSids: [message.sid],
    dateCreated: now,
    dateUpdated: now,
  };
  state.executions.set(execution.sid, execution);
  return execution;
}
