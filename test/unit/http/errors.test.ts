// The one error type: the status comes from the code's row of the table, and anything else is a bare 500.
import { ERROR_CODES } from '../../../assets/lib/http/error-codes';
import { HttpError, renderError } from '../../../assets/lib/http/errors';

describe('renderError', () => {
  it('renders an HttpError with its status, stable code and details', () => {
    const rendered = renderError(new HttpError('address_in_use', 'Bound elsewhere.', { details: { conversationSid: 'CH1' } }));
    expect(rendered).toMatchObject({
      status: 409,
      body: { error: { code: 'address_in_use', message: 'Bound elsewhere.', details: { conversationSid: 'CH1' } } },
    });
  });

  it('renders anything else as a generic 500 without the cause', () => {
    const rendered = renderError(new Error('connect ECONNREFUSED secret-host AUTH_TOKEN=abc'));
    expect(rendered.status).toBe(500);
    expect(JSON.stringify(rendered.body)).toBe('{"error":{"code":"internal_error","message":"Internal error. The cause was logged."}}');
  });
});

describe('HttpError', () => {
  it('takes the status of its code from the one table (its invariants: error-codes.test.ts)', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(new HttpError(code as keyof typeof ERROR_CODES, 'x').status).toBe(entry.status);
    }
  });
});
