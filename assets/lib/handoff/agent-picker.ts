// Who takes a hand-off when the caller names nobody and Flex is not configured: the agent
// of AGENT_IDENTITIES with the fewest active (not closed) conversations. The loads are
// ParticipantConversations?Identity= reads, one per agent, all in the hand-off's first
// (parallel) round. Ties go to the agent listed first, so the choice is predictable.
import type { ConversationsService } from '../conversations/service';

export type AgentLoad = { identity: string; activeConversations: number };

// One page (Twilio's maximum): the count saturates at this many conversations, which is
// already far beyond what one agent handles; more pages would be more sequential reads.
const LOAD_PAGE_SIZE = 50;

/** How many conversations, not closed, `identity` is in (one read). */
async function readAgentLoad(service: ConversationsService, identity: string): Promise<AgentLoad> {
  const found = await service.participantConversations.list({ identity, pageSize: LOAD_PAGE_SIZE, limit: LOAD_PAGE_SIZE });
  return { identity, activeConversations: found.filter((entry) => entry.conversationState !== 'closed').length };
}

export function readAgentLoads(service: ConversationsService, identities: readonly string[]): Promise<AgentLoad[]> {
  return Promise.all(identities.map((identity) => readAgentLoad(service, identity)));
}

/**
 * The agent to hand to (pure). An agent already in the conversation wins: a retry after a
 * partial failure must not add a second agent because the first one's load went up by one.
 */
export function pickAgent(candidates: readonly string[], loads: readonly AgentLoad[], presentIdentities: ReadonlySet<string>): string | undefined {
  const present = candidates.find((identity) => presentIdentities.has(identity));
  if (present) return present;
  let best: AgentLoad | undefined;
  for (const identity of candidates) {
    const load = loads.find((entry) => entry.identity === identity);
    if (!load) continue;
    if (!best || load.activeConversations < best.activeConversations) best = load;
  }
  return best?.identity;
}
