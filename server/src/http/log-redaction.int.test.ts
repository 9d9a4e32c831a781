import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTenant, getTestDatabase, signIn, testConfig } from '../../test/helpers.ts';
import { buildApp } from '../app.ts';

const database = await getTestDatabase();
const lines: string[] = [];
const app = await buildApp({
  config: testConfig({ logLevel: 'info' }),
  database,
  logStream: { write: (line) => void lines.push(line) },
});
await app.ready();
afterAll(() => app.close());

describe('the log', () => {
  it('never holds the SQL parameters of a failed statement (a channel update with secrets)', async () => {
    const tenant = await buildTenant(database);
    const hr = await signIn(app, tenant.admin.login);
    // A real database error on this company's channel row only: a trigger that refuses it.
    const name = `perfloop_test_fail_${tenant.tenantId.replaceAll('-', '')}`;
    await database.db.execute(
      sql.raw(`create function ${name}() returns trigger language plpgsql as $$
        begin if new.tenant_id = '${tenant.tenantId}' then raise exception 'forced failure'; end if; return new; end $$`),
    );
    await database.db.execute(
      sql.raw(`create trigger ${name} before insert or update on notification_channels
        for each row execute function ${name}()`),
    );
    try {
      const get = await app.inject({ url: '/api/v1/notification-channels', headers: { cookie: hr } });
      lines.length = 0;
      const put = await app.inject({
        method: 'PUT',
        url: '/api/v1/notification-channels',
        headers: { cookie: hr, 'if-match': get.headers.etag as string },
        payload: {
          smtp: {
            host: 'smtp.example.com',
            port: 465,
            user: 'hr',
            password: 'SmtpPassw0rd-xyzzy',
            from: 'hr@example.com',
          },
          robots: [
            {
              name: '飞书群',
              kind: 'feishu',
              url: 'https://open.feishu.cn/open-apis/bot/v2/hook/hook-token-plugh',
              secret: 'RobotSecret-plover',
            },
          ],
        },
      });
      expect(put.statusCode).toBe(500);
      const log = lines.join('');
      // The failure is logged, with the statement but without its values.
      expect(log).toContain('forced failure');
      expect(log).toContain('notification_channels');
      for (const secret of ['SmtpPassw0rd-xyzzy', 'RobotSecret-plover', 'hook-token-plugh'])
        expect(log).not.toContain(secret);
    } finally {
      await database.db.execute(sql.raw(`drop trigger ${name} on notification_channels`));
      await database.db.execute(sql.raw(`drop function ${name}()`));
    }
  });
});
