import { ConfigError, configuredFeatures, readConfig, requireConfig } from '../../../assets/lib/platform/config';
import { baseEnv } from '../../../sandbox/testing/fixtures';

describe('config', () => {
  it('applies defaults when optional variables are unset or empty', () => {
    const config = readConfig({ TOKEN_TTL_SECONDS: '', DEFAULT_COUNTRY: '' });
    expect(config.TOKEN_TTL_SECONDS).toBe(3600);
    expect(config.DEFAULT_COUNTRY).toBe('US');
    expect(config.ALLOWED_ORIGINS).toEqual([]);
    expect(config.GUEST_CHAT_ENABLED).toBe(false);
    expect(config.MAX_MESSAGE_LENGTH).toBe(1600);
  });

  it('parses lists, flags, numbers, senders and patterns', () => {
    const config = readConfig({
      ALLOWED_ORIGINS: 'https://a.example, http://localhost:3000',
      GUEST_CHAT_ENABLED: 'true',
      TOKEN_TTL_SECONDS: '900',
      WHATSAPP_SENDER: '+14155238886',
      AGENT_IDENTITIES: 'alice, bob,,',
      REDACT_PATTERNS: '["order\\\\s*#\\\\d+"]',
    });
    expect(config.ALLOWED_ORIGINS).toEqual(['https://a.example', 'http://localhost:3000']);
    expect(config.GUEST_CHAT_ENABLED).toBe(true);
    expect(config.TOKEN_TTL_SECONDS).toBe(900);
    expect(config.WHATSAPP_SENDER).toBe('whatsapp:+14155238886');
    expect(config.AGENT_IDENTITIES).toEqual(['alice', 'bob']);
    expect(config.REDACT_PATTERNS[0]!.test('Order #123')).toBe(true);
    expect(config.SESSION_MAX_TTL_SECONDS).toBe(2_592_000);
  });

  it('refuses, by position and text, patterns RE2 cannot run or that match empty text', () => {
    for (const [source, reason] of [
      ['(?<=a)b', /pattern 1 "\(\?<=a\)b" is refused/],
      ['(a)\\1', /pattern 1 .* is refused/],
      ['x*', /pattern 1 "x\*" is refused: it matches empty text/],
    ] as const) {
      expect(() => readConfig({ REDACT_PATTERNS: JSON.stringify(['fine', source]) })).toThrow(
        expect.objectContaining({ name: 'ConfigError', variables: ['REDACT_PATTERNS'], message: expect.stringMatching(reason) }),
      );
    }
    expect(() => readConfig({ BLOCKED_PATTERNS: '["(?!x)y"]' })).toThrow(expect.objectContaining({ variables: ['BLOCKED_PATTERNS'] }));
  });

  it('reports every malformed variable in one error, by name and never by value', () => {
    const secretValue = 'short-secret';
    let error: unknown;
    try {
      readConfig({
        ACCOUNT_SID: 'ACnothex',
        CONVERSATIONS_SERVICE_SID: 'CH' + 'c'.repeat(32),
        API_KEY_SID: 'SK' + 'b'.repeat(31),
        SESSION_SECRET: secretValue,
        TOKEN_TTL_SECONDS: '90000',
        ALLOWED_ORIGINS: 'https://ok.example, https://bad.example/path',
        GUEST_CHAT_ENABLED: 'maybe',
        TIMERS_CLOSED: '30 minutes',
        BLOCKED_PATTERNS: 'not json',
        SMS_PROXY_NUMBER: '4155550100',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { message, variables } = error as ConfigError;
    expect(variables.sort()).toEqual(
      [
        'ACCOUNT_SID',
        'ALLOWED_ORIGINS.1',
        'API_KEY_SID',
        'BLOCKED_PATTERNS',
        'CONVERSATIONS_SERVICE_SID',
        'GUEST_CHAT_ENABLED',
        'SESSION_SECRET',
        'SMS_PROXY_NUMBER',
        'TIMERS_CLOSED',
        'TOKEN_TTL_SECONDS',
      ].sort(),
    );
    expect(message).toContain('CONVERSATIONS_SERVICE_SID must be a IS SID');
    expect(message).toContain('TOKEN_TTL_SECONDS must be at most 86400');
    expect(message).not.toContain(secretValue);
  });

  it.each([
    ['TIMERS_INACTIVE', 'PT59S', 'PT1M'],
    ['TIMERS_INACTIVE', 'PT0M', 'P1D'],
    ['TIMERS_CLOSED', 'PT9M', 'PT10M'],
    ['TIMERS_CLOSED', 'PT599S', 'PT1H'],
  ])('refuses %s=%s below Twilio’s minimum and takes %s', (name, tooShort, enough) => {
    expect(() => readConfig({ [name]: tooShort })).toThrow(expect.objectContaining({ variables: [name] }));
    expect(readConfig({ [name]: enough })[name as 'TIMERS_CLOSED']).toBe(enough);
  });

  it('names every missing variable a feature needs', () => {
    const config = readConfig({ ACCOUNT_SID: baseEnv.ACCOUNT_SID });
    expect(() => requireConfig(config, ['ACCOUNT_SID', 'API_KEY_SID', 'SESSION_SECRET'])).toThrow('Missing configuration: API_KEY_SID, SESSION_SECRET.');
    expect(requireConfig(readConfig(baseEnv), ['API_KEY_SID']).API_KEY_SID).toBe(baseEnv.API_KEY_SID);
  });

  it('lists configured features by name only', () => {
    expect(configuredFeatures(readConfig({}))).toEqual([]);
    const features = configuredFeatures(readConfig({ ...baseEnv, SMS_PROXY_NUMBER: '+14155550100', GUEST_CHAT_ENABLED: 'true' }));
    expect(features).toEqual(['tokens', 'serverApi', 'guestChat', 'sms']);
  });

  it('reads the AI agent’s variables with their defaults, and needs a model for an OpenAI-compatible server', () => {
    const config = readConfig({ AGENT_URL: 'http://127.0.0.1:11434/v1/chat/completions', AGENT_MODEL: 'llama3.2' });
    expect(config).toMatchObject({ AGENT_PROTOCOL: 'openai', AGENT_HISTORY_MESSAGES: 20, AGENT_TIMEOUT_MS: 3000, AGENT_MAX_REPLIES_PER_HOUR: 30 });
    expect(config.AGENT_FALLBACK_TEXT).toMatch(/^Sorry/);
    expect(configuredFeatures(config)).toEqual(['aiAgent']);
    expect(() => readConfig({ AGENT_URL: 'https://api.openai.com/v1/chat/completions' })).toThrow(
      expect.objectContaining({ variables: ['AGENT_MODEL'], message: expect.stringContaining('AGENT_MODEL is required with AGENT_URL') }),
    );
    expect(readConfig({ AGENT_URL: 'https://agent.example.com/hook', AGENT_PROTOCOL: 'webhook' }).AGENT_MODEL).toBeUndefined();
    for (const [name, value] of [
      ['AGENT_URL', 'ftp://agent.example.com'],
      ['AGENT_URL', 'not a url'],
      ['AGENT_PROTOCOL', 'grpc'],
      ['AGENT_TIMEOUT_MS', '9000'],
      ['AGENT_TIMEOUT_MS', '100'],
      ['AGENT_HISTORY_MESSAGES', '0'],
      ['AGENT_MAX_REPLIES_PER_HOUR', '-1'],
    ]) {
      expect(() => readConfig({ AGENT_URL: 'https://agent.example.com/hook', AGENT_PROTOCOL: 'webhook', [name!]: value })).toThrow(
        expect.objectContaining({ variables: [name] }),
      );
    }
  });
});
