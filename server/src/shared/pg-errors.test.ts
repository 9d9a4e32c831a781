import { describe, expect, it } from 'vitest';
import { redactDatabaseError } from './pg-errors.ts';

describe('database errors in the log', () => {
  it('drop the row a not-null or check violation repeats in its detail', () => {
    const error = Object.assign(new Error('null value in column "name" violates not-null constraint'), {
      code: '23502',
      detail: 'Failing row contains (0193…, s3cret-hash, 张三的秘密评语, null).',
    });
    const logged = redactDatabaseError(error) as Error & { detail: string };
    expect(logged.detail).toBe('Failing row contains ([redacted]).');
    expect(JSON.stringify({ ...logged, message: logged.message })).not.toContain('s3cret');
  });

  it('drop the key values of a key violation and the parameters of the statement', () => {
    const error = Object.assign(new Error('Failed query: update x set secret = $1\nparams: smtp-pa55'), {
      detail: 'Key (tenant_id, email)=(t1, boss@example.com) already exists.',
    });
    const logged = redactDatabaseError(error) as Error & { detail: string };
    expect(logged.message).not.toContain('smtp-pa55');
    expect(logged.detail).toBe('Key (tenant_id, email)=([redacted]) already exists.');
  });
});
