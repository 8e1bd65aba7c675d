// The --create-service plan: create only when no Service is configured and none of the name exists.
import { DEFAULT_SERVICE_NAME, describeCreatedService, describeServicePlan, planConversationService } from '../../../../scripts/configure/service-plan';

const SET = 'IS' + 'c'.repeat(32);
const OURS = 'IS' + 'a'.repeat(32);
const ALSO = 'IS' + 'b'.repeat(32);

describe('planConversationService', () => {
  it('creates when CONVERSATIONS_SERVICE_SID is unset and no Service has the name', () => {
    expect(planConversationService({ existing: [{ sid: SET, friendlyName: 'Default Conversations Service' }] }, DEFAULT_SERVICE_NAME)).toEqual({
      action: 'create',
      friendlyName: 'conversations-functions',
    });
    expect(planConversationService({ existing: [] }, 'staging')).toEqual({ action: 'create', friendlyName: 'staging' });
  });

  it('names a Service of that exact name instead of making another (the first, and how many more)', () => {
    const existing = [
      { sid: OURS, friendlyName: 'conversations-functions' },
      { sid: SET, friendlyName: 'Conversations-Functions' },
      { sid: ALSO, friendlyName: 'conversations-functions' },
    ];
    expect(planConversationService({ existing }, DEFAULT_SERVICE_NAME)).toEqual({
      action: 'exists',
      friendlyName: 'conversations-functions',
      serviceSid: OURS,
      others: [ALSO],
    });
  });

  it('creates nothing when CONVERSATIONS_SERVICE_SID is set, whatever exists', () => {
    const found = { sid: SET, friendlyName: 'Support' };
    expect(planConversationService({ configured: { serviceSid: SET, found }, existing: [] }, DEFAULT_SERVICE_NAME)).toEqual({
      action: 'configured',
      serviceSid: SET,
      found,
    });
  });
});

describe('describeServicePlan', () => {
  it('says what a dry run would create, and that nothing was', () => {
    expect(describeServicePlan({ action: 'create', friendlyName: 'x' }, true)).toEqual([
      'Would create a Conversations Service named "x" (POST /v1/Services).',
      'Dry run: nothing was created.',
    ]);
  });

  it('tells what to put into .env for a Service found or made', () => {
    expect(describeServicePlan({ action: 'exists', friendlyName: 'x', serviceSid: OURS, others: [] }, false)).toContain(`  CONVERSATIONS_SERVICE_SID=${OURS}`);
    expect(describeCreatedService({ sid: OURS, friendlyName: 'x' })).toContain(`  CONVERSATIONS_SERVICE_SID=${OURS}`);
  });

  it('says the configured SID names no Service, when it does not', () => {
    expect(describeServicePlan({ action: 'configured', serviceSid: SET, found: null }, false)[0]).toMatch(/Twilio has no such Conversations Service/);
  });
});
