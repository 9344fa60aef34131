import { describe, expect, it } from 'vitest';
import { shownDb } from './open.js';

describe('the database as logs show it', () => {
  it('keeps a PostgreSQL password out, and the rest as given', () => {
    expect(shownDb('postgres://firstwin:S3cret%40x@db.internal:5432/firstwin?schema=app')).toBe(
      'postgres://firstwin:***@db.internal:5432/firstwin?schema=app',
    );
    expect(shownDb('postgresql://firstwin@127.0.0.1:54329/postgres')).toBe('postgresql://firstwin@127.0.0.1:54329/postgres');
    expect(shownDb('postgres://u:p@[bad')).not.toContain('p@');
    expect(shownDb('postgres://u@db/firstwin?password=S3cret&sslpassword=x&schema=a')).toBe(
      'postgres://u@db/firstwin?password=***&sslpassword=***&schema=a',
    );
    expect(shownDb('./firstwin.db')).toBe('./firstwin.db');
  });
});
