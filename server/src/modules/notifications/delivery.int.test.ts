import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApprovedGoal, buildCycle, buildSalesTeam, checkIn, seedGoalBody } from '../../../test/goals.ts';
import {
  buildTenant,
  getTestApp,
  getTestDatabase,
  json,
  setTestClock,
  signIn,
  testClock,
  testConfig,
} from '../../../test/helpers.ts';
import { buildApp } from '../../app.ts';
import type { Database } from '../../db/database.ts';
import { processDueDeliveries } from './notification.service.ts';

// A real SMTP server and a real HTTP receiver, both in this process on 127.0.0.1: this file's app
// and sending rounds allow private webhook addresses, as PERFLOOP_ALLOW_PRIVATE_WEBHOOKS=1 does.
const LOCAL = { allowPrivateWebhooks: true };

type Mail = { from: string; to: string[]; raw: string };
const mails: Mail[] = [];
let smtp: SMTPServer;
let smtpPort = 0;

type Hook = { path: string; query: URLSearchParams; body: Record<string, unknown>; signatureOk: boolean };
const hooks: Hook[] = [];
/** The receiver answers 500 to this many requests before it works again. */
let failNext = 0;
let receiver: Server;
let receiverUrl = '';
const FEISHU_SECRET = 'feishu-secret-测试';
const DINGTALK_SECRET = 'SECdingtalk0123456789';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** The receiver checks signatures the way Feishu and DingTalk document them (its own code, not ours). */
function verify(path: string, query: URLSearchParams, body: Record<string, unknown>): boolean {
  if (path.startsWith('/feishu')) {
    const ts = String(body.timestamp);
    const expected = createHmac('sha256', `${ts}\n${FEISHU_SECRET}`).update(Buffer.alloc(0)).digest('base64');
    return body.sign === expected;
  }
  if (path.startsWith('/dingtalk')) {
    const ts = query.get('timestamp') ?? '';
    const expected = createHmac('sha256', DINGTALK_SECRET)
      .update(`${ts}\n${DINGTALK_SECRET}`, 'utf8')
      .digest('base64');
    return query.get('sign') === expected && query.get('access_token') === 'tok';
  }
  return new URLSearchParams(path.split('?')[1] ?? '').get('key') === 'wecom-key';
}

/** Decodes RFC 2047 words and a quoted-printable or base64 text body: enough to read our mails. */
function decodeMail(raw: string): { subject: string; text: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head!.replace(/\r?\n[ \t]+/g, ' ');
  const subjectLine = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = subjectLine
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
  const body = rest.join('\n\n');
  const encoding = /^Content-Transfer-Encoding: (.*)$/im.exec(unfolded)?.[1]?.trim().toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body
              .replace(/=\r?\n/g, '')
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  return { subject, text };
}

let app: FastifyInstance;
let database: Database;

beforeAll(async () => {
  database = await getTestDatabase();
  app = await buildApp({
    config: testConfig(LOCAL),
    database,
    logger: false,
    clock: () => testClock.now ?? new Date(),
  });
  await app.ready();
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'perfloop' && auth.password === 'smtp-pass')
        callback(null, { user: auth.username });
      else callback(new Error('bad credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  receiver = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    if (failNext > 0) {
      failNext -= 1;
      res.writeHead(500).end('unavailable');
      return;
    }
    hooks.push({
      path: req.url ?? '',
      query: url.searchParams,
      body,
      signatureOk: verify(req.url ?? '', url.searchParams, body),
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 0, errcode: 0 }));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
afterEach(() => setTestClock(null));

/** A tenant with an SMTP server and three robots, and 张三's goal two weeks behind (one alert). */
async function alertWithChannels(robotBase = receiverUrl) {
  const tenant = await buildTenant(database);
  const team = await buildSalesTeam(tenant);
  const cycle = await buildCycle(tenant);
  const hr = await signIn(app, tenant.admin.login);
  const get = await app.inject({
    method: 'GET',
    url: '/api/v1/notification-channels',
    headers: { cookie: hr },
  });
  const put = await app.inject({
    method: 'PUT',
    url: '/api/v1/notification-channels',
    headers: { cookie: hr, 'if-match': get.headers.etag as string },
    payload: {
      smtp: {
        host: '127.0.0.1',
        port: smtpPort,
        secure: false,
        user: 'perfloop',
        password: 'smtp-pass',
        from: 'perfloop@example.com',
      },
      robots: [
        { name: '销售部飞书群', kind: 'feishu', url: `${robotBase}/feishu/hook`, secret: FEISHU_SECRET },
        {
          name: '钉钉群',
          kind: 'dingtalk',
          url: `${robotBase}/dingtalk/robot/send?access_token=tok`,
          secret: DINGTALK_SECRET,
        },
        {
          name: '企业微信群',
          kind: 'wecom',
          url: `${robotBase}/wecom/send?key=wecom-key`,
          events: ['alert.pace'],
        },
      ],
    },
  });
  expect(put.statusCode, put.body).toBe(200);
  const owner = await signIn(app, team.zhangsan.login);
  const manager = await signIn(app, team.manager.login);
  setTestClock('2026-06-30');
  const goal = await buildApprovedGoal(
    app,
    owner,
    manager,
    seedGoalBody(cycle.id, {
      keyResults: [{ title: '新签合同额', startValue: 0, targetValue: 100, weightBp: 10000 }],
    }),
  );
  for (const [date, value] of [
    ['2026-08-03', 10],
    ['2026-08-10', 12],
  ] as const) {
    setTestClock(date);
    expect((await checkIn(app, owner, goal.keyResults[0]!.id, { value })).statusCode).toBe(201);
    const run = await app.inject({
      method: 'POST',
      url: '/api/v1/snapshots',
      headers: { cookie: hr },
      payload: { date },
    });
    expect(run.statusCode, run.body).toBe(200);
  }
  return { tenant, team, hr, owner, manager, goal, put: json<Record<string, unknown>>(put) };
}

async function deliveriesOf(hr: string, status = '') {
  const r = await app.inject({
    method: 'GET',
    url: `/api/v1/deliveries${status ? `?status=${status}` : ''}`,
    headers: { cookie: hr },
  });
  expect(r.statusCode, r.body).toBe(200);
  return json<{
    items: {
      channel: string;
      status: string;
      attempts: number;
      lastError: string | null;
      target: string;
      id: string;
    }[];
  }>(r).items;
}

describe('notification channels', () => {
  it('never returns secrets, and keeps them when an update leaves them out', async () => {
    const { hr, put } = await alertWithChannels();
    expect(JSON.stringify(put)).not.toContain('smtp-pass');
    expect(JSON.stringify(put)).not.toContain(FEISHU_SECRET);
    expect(JSON.stringify(put)).not.toContain('access_token=tok');
    expect(put).toMatchObject({ smtp: { passwordSet: true } });
    const audit = await app.inject({
      method: 'GET',
      url: '/api/v1/audit-events?entityType=tenant',
      headers: { cookie: hr },
    });
    expect(audit.body).not.toContain('smtp-pass');
    expect(audit.body).not.toContain(DINGTALK_SECRET);
  });

  it('is for HR admins only', async () => {
    const { owner } = await alertWithChannels();
    const r = await app.inject({
      method: 'GET',
      url: '/api/v1/notification-channels',
      headers: { cookie: owner },
    });
    expect(r.statusCode).toBe(403);
  });
});

describe('deliveries', () => {
  // Sending rounds cover every tenant: finish what earlier tests left, so each test sees only its own.
  beforeEach(async () => {
    failNext = 0;
    for (;;) {
      const o = await processDueDeliveries(database.db, new Date('2100-01-01T00:00:00Z'), LOCAL);
      if (o.sent + o.retrying + o.failed === 0) break;
    }
  });

  it('e-mails the owner and the manager through the SMTP server, and posts signed messages to the robots', async () => {
    const { hr, team } = await alertWithChannels();
    mails.length = 0;
    hooks.length = 0;
    const outcome = await processDueDeliveries(database.db, new Date('2026-08-10T04:01:00Z'), LOCAL);
    expect(outcome).toMatchObject({ sent: 5, failed: 0, retrying: 0 });
    expect(mails.map((m) => m.to[0]).sort()).toEqual([team.manager.email, team.zhangsan.email].sort());
    const mail = decodeMail(mails[0]!.raw);
    expect(mail.subject).toContain('提升华东区市场份额');
    expect(mail.subject).toContain('进度落后');
    expect(mail.text).toMatch(/\/goals\/[0-9a-f-]{36}/);
    // Feishu and DingTalk signed; WeCom by its key; each once for the one alert.
    expect(hooks.map((h) => h.path.split('/')[1]).sort()).toEqual(['dingtalk', 'feishu', 'wecom']);
    expect(hooks.every((h) => h.signatureOk)).toBe(true);
    const feishu = hooks.find((h) => h.path.startsWith('/feishu'))!;
    expect(feishu.body).toMatchObject({ msg_type: 'text' });
    expect(JSON.stringify(feishu.body)).toContain('提升华东区市场份额');
    expect((await deliveriesOf(hr, 'sent')).length).toBe(5);
  });

  it('retries after the receiver fails, with backoff, then succeeds', async () => {
    const { hr } = await alertWithChannels();
    await processDueDeliveries(database.db, new Date('2026-08-10T04:01:00Z'), LOCAL);
    // The first round sent this alert's messages; the stale alert of 8.24 meets a failing receiver.
    const t0 = new Date('2026-08-24T05:00:00Z');
    const before = (await deliveriesOf(hr)).length;
    setTestClock('2026-08-24');
    const stale = await app.inject({
      method: 'POST',
      url: '/api/v1/snapshots',
      headers: { cookie: hr },
      payload: { date: '2026-08-24' },
    });
    expect(stale.statusCode).toBe(200);
    const created = (await deliveriesOf(hr, 'pending')).filter((d) => d.channel === 'feishu');
    expect((await deliveriesOf(hr)).length).toBeGreaterThan(before);
    expect(created).toHaveLength(1);
    failNext = 100; // everything fails for now
    hooks.length = 0;
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    await processDueDeliveries(database.db, at(0), LOCAL);
    let feishu = (await deliveriesOf(hr)).find((d) => d.id === created[0]!.id)!;
    expect(feishu).toMatchObject({ status: 'pending', attempts: 1 });
    expect(feishu.lastError).toContain('500');
    // 10 s later nothing is due (the first retry waits 30 s).
    await processDueDeliveries(database.db, at(10), LOCAL);
    expect((await deliveriesOf(hr)).find((d) => d.id === feishu.id)!.attempts).toBe(1);
    await processDueDeliveries(database.db, at(31), LOCAL);
    expect((await deliveriesOf(hr)).find((d) => d.id === feishu.id)!.attempts).toBe(2);
    // The second retry waits 60 s more: at 31 + 61 the receiver is back.
    failNext = 0;
    await processDueDeliveries(database.db, at(60), LOCAL);
    expect((await deliveriesOf(hr)).find((d) => d.id === feishu.id)!.attempts).toBe(2);
    await processDueDeliveries(database.db, at(92), LOCAL);
    feishu = (await deliveriesOf(hr)).find((d) => d.id === feishu.id)!;
    expect(feishu).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(hooks.filter((h) => h.path.startsWith('/feishu')).every((h) => h.signatureOk)).toBe(true);
  });

  it('gives up after six attempts, shows the error to admins, and can be retried by hand', async () => {
    // A robot on a port nobody listens on.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { hr } = await alertWithChannels(deadUrl);
    let now = new Date('2026-08-10T06:00:00Z').getTime();
    for (let i = 0; i < 6; i += 1) {
      await processDueDeliveries(database.db, new Date(now), LOCAL);
      now += 3600_000; // past every backoff
    }
    const failed = (await deliveriesOf(hr, 'failed')).filter((d) => d.channel !== 'email');
    expect(failed).toHaveLength(3);
    for (const d of failed) {
      expect(d.attempts).toBe(6);
      expect(d.lastError).toBeTruthy();
      expect(d.lastError).not.toContain('access_token');
    }
    const retry = await app.inject({
      method: 'POST',
      url: `/api/v1/deliveries/${failed[0]!.id}/retry`,
      headers: { cookie: hr },
    });
    expect(retry.statusCode).toBe(200);
    expect((await deliveriesOf(hr, 'pending')).map((d) => d.id)).toContain(failed[0]!.id);
  });

  it('respects each person’s choice of channels', async () => {
    const tenant = await buildTenant(database);
    const team = await buildSalesTeam(tenant);
    const owner = await signIn(app, team.zhangsan.login);
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/me/notification-preferences',
      headers: { cookie: owner },
      payload: { 'alert.pace': { inApp: false, email: true } },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(json<Record<string, unknown>>(put)['alert.pace']).toEqual({ inApp: false, email: true });
    expect(json<Record<string, unknown>>(put)['feedback.received']).toEqual({ inApp: true, email: true });
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/v1/me/notification-preferences',
      headers: { cookie: owner },
      payload: { 'no.such.event': { inApp: true, email: true } },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('webhook addresses', () => {
  it('refuses, naming the field, robot URLs to loopback, link-local and private addresses unless allowed', async () => {
    const { app: strict } = await getTestApp();
    const tenant = await buildTenant(database);
    const hr = await signIn(strict, tenant.admin.login);
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://127.0.0.1:8080/hook',
      'http://[::1]/hook',
      'http://10.0.0.8/hook',
      'http://172.20.1.1/hook',
      'http://192.168.1.10/hook',
      'http://[fd00::1]/hook',
      'http://[fe80::1]/hook',
      'http://0.0.0.0/hook',
      'http://localhost:3000/hook',
    ]) {
      const get = await strict.inject({ url: '/api/v1/notification-channels', headers: { cookie: hr } });
      const put = await strict.inject({
        method: 'PUT',
        url: '/api/v1/notification-channels',
        headers: { cookie: hr, 'if-match': get.headers.etag as string },
        payload: {
          robots: [
            { name: '公网', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
            { name: '内网', kind: 'feishu', url },
          ],
        },
      });
      expect(put.statusCode, `${url}: ${put.body}`).toBe(422);
      expect(json<{ code: string; errors: { path: string; code: string }[] }>(put)).toMatchObject({
        code: 'webhook.private_address',
        errors: [{ path: 'body.robots.1.url', code: 'private_address' }],
      });
    }
  });

  it('does not send to a private address unless allowed', async () => {
    failNext = 0;
    for (;;) {
      const o = await processDueDeliveries(database.db, new Date('2100-01-01T00:00:00Z'), LOCAL);
      if (o.sent + o.retrying + o.failed === 0) break;
    }
    const { hr } = await alertWithChannels();
    hooks.length = 0;
    await processDueDeliveries(database.db, new Date('2026-08-10T04:01:00Z'));
    expect(hooks).toHaveLength(0);
    const robots = (await deliveriesOf(hr)).filter((d) => d.channel !== 'email');
    expect(robots.length).toBeGreaterThan(0);
    for (const d of robots) expect(d.lastError).toMatch(/private address/);
  });
});
