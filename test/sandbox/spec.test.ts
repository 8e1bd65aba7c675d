// The contract itself: Twilio's spec files are the pinned ones (sha256), the documented
// nullable fix is applied in code, and a response that breaks the spec fails loudly.
import { loadSpec, SPEC_FILES, prepareSchema } from '../../sandbox/spec';
import { SPEC_PATCHES } from '../../sandbox/spec-patches';
import { Contract } from '../../sandbox/validate';
import { startSandbox } from '../../sandbox/index';
import { clientFor, raw } from '../contract/helpers';

describe('Twilio OpenAPI specs', () => {
  it('loads the pinned files (sha256) and strips the 24 type-less nullable keys of the Conversations spec', () => {
    const conversations = loadSpec('conversations');
    expect(conversations.nullableFixes).toBe(24);
    expect(conversations.operations.length).toBe(103);
    expect(SPEC_FILES.conversations.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(conversations.document)).not.toMatch(/"#\/components/);
  });

  it('brings in the newer upstream changes the pinned files lack, each checked against the unpatched file', () => {
    const conversations = loadSpec('conversations');
    const schemas = (conversations.document.components as { schemas: Record<string, { enum?: string[] }> }).schemas;
    expect(schemas.conversation_enum_state!.enum).toEqual(['initializing', 'inactive', 'active', 'closed']);
    expect(schemas.service_conversation_with_participants_enum_state!.enum).toContain('initializing');
    expect(schemas.participant_conversation_enum_state!.enum).not.toContain('initializing');
    const flex = loadSpec('flex');
    const interactions = flex.operations.find((o) => o.operationId === 'CreateInteraction')!;
    expect(Object.keys(interactions.responses)).toEqual(['200']);
    expect([...conversations.patches, ...flex.patches]).toEqual(SPEC_PATCHES.map((patch) => patch.change));
    // A patch refuses a file that already has its change.
    const patched = JSON.parse(JSON.stringify(flex.document));
    expect(() => SPEC_PATCHES.find((patch) => patch.product === 'flex')!.apply(patched)).toThrow(/remove that patch/);
  });

  it('leaves nullable next to a type alone', () => {
    const fixes = { nullable: 0 };
    expect(prepareSchema({ a: { nullable: true }, b: { type: 'string', nullable: true } }, 'x', fixes)).toEqual({
      a: {},
      b: { type: 'string', nullable: true },
    });
    expect(fixes.nullable).toBe(1);
  });

  it('finds violations in a response body', () => {
    const contract = new Contract();
    const op = contract.operations('conversations').find((o) => o.operationId === 'FetchConversation');
    if (!op) throw new Error('FetchConversation missing from the spec');
    expect(contract.checkResponse(op, 200, { sid: 'CH123', state: 'open' }).length).toBeGreaterThan(0);
    expect(contract.checkResponse(op, 201, {})).toEqual([expect.stringMatching(/status 201 is not in the spec/)]);
  });

  it('records a response that breaks the spec, answers 500, and makes assertNoViolations throw', async () => {
    const sandbox = await startSandbox({ quiet: true });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const client = clientFor(sandbox);
      const c = await client.conversations.v1.conversations.create({});
      // Corrupt the live record the way a sandbox bug would.
      (sandbox.state.conversations.get(c.sid) as { state: string }).state = 'archived';
      // Raw request: the functions' client would retry a GET that answered 500.
      const response = await raw(sandbox, 'GET', `/v1/Conversations/${c.sid}`);
      expect(response.status).toBe(500);
      expect(response.body?.message).toMatch(/violates Twilio's spec/);
      expect(sandbox.state.violations).toHaveLength(1);
      expect(() => sandbox.assertNoViolations()).toThrow(/break Twilio's spec/);
      expect(stderr).toHaveBeenCalledWith(expect.stringContaining('RESPONSE VIOLATES SPEC'));
    } finally {
      stderr.mockRestore();
      await sandbox.close();
    }
  });
});
