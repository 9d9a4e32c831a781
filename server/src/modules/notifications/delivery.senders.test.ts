import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToRobot } from './delivery.senders.ts';

// Two real HTTP servers on 127.0.0.1: a robot host that redirects, and the address it redirects to.
let target: Server;
let redirector: Server;
let targetHits = 0;
let redirectorUrl = '';

beforeAll(async () => {
  target = createServer((_req, res) => {
    targetHits += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":0}');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/metadata`;
  redirector = createServer((_req, res) => res.writeHead(307, { location: targetUrl }).end());
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => target.close(() => resolve()));
  await new Promise<void>((resolve) => redirector.close(() => resolve()));
});

describe('robot webhooks', () => {
  it('never follow a redirect to an address nobody checked: the delivery fails instead', async () => {
    const robot = { id: 'r', name: 'r', kind: 'wecom' as const, url: redirectorUrl, secret: '', events: [] };
    await expect(postToRobot(robot, '你好', new Date())).rejects.toThrow('HTTP 307');
    expect(targetHits).toBe(0);
  });
});
