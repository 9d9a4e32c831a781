import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { StoredRobot, StoredSmtp } from './notification.repository.ts';

const TIMEOUT_MS = 10_000;

export async function sendEmail(smtp: StoredSmtp, message: { to: string; subject: string; text: string }) {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user && { auth: { user: smtp.user, pass: smtp.password } }),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await transport.sendMail({
      from: smtp.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
  } finally {
    transport.close();
  }
}

/** Feishu/Lark: base64(HMAC-SHA256 with key "timestamp\nsecret" over an empty message), timestamp in seconds. */
export function feishuSign(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** DingTalk: base64(HMAC-SHA256 with key secret over "timestamp\nsecret"), timestamp in milliseconds. */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/**
 * Posts a text message to a chat-group robot, signed where the platform signs (Feishu,
 * DingTalk; WeCom robots are authorised by the key in their URL). Throws on any failure,
 * including a platform error code in a 200 response.
 */
export async function postToRobot(robot: StoredRobot, text: string, now: Date) {
  let url = robot.url;
  let body: unknown;
  if (robot.kind === 'feishu') {
    const timestamp = Math.floor(now.getTime() / 1000);
    body = {
      ...(robot.secret && { timestamp: String(timestamp), sign: feishuSign(timestamp, robot.secret) }),
      msg_type: 'text',
      content: { text },
    };
  } else if (robot.kind === 'dingtalk') {
    const timestamp = now.getTime();
    if (robot.secret) {
      const sign = encodeURIComponent(dingtalkSign(timestamp, robot.secret));
      url += `${url.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${sign}`;
    }
    body = { msgtype: 'text', text: { content: text } };
  } else {
    body = { msgtype: 'text', text: { content: text } };
  }
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
    // Never follow a redirect: the address was checked, the one a robot's host redirects to was not
    // (a public host answering 307 to 169.254.169.254 would get our POST there). A 3xx fails below.
    redirect: 'manual',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const reply = (await response.json().catch(() => null)) as {
    code?: number;
    errcode?: number;
    msg?: string;
    errmsg?: string;
  } | null;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const code = reply?.code ?? reply?.errcode ?? 0;
  if (code !== 0) throw new Error(`${robot.kind} error ${code}: ${reply?.msg ?? reply?.errmsg ?? ''}`.trim());
}
