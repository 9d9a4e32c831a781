import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook must not reach: this host, the link-local range (cloud metadata at
 * 169.254.169.254), private and shared networks, and "this network". A robot URL pointing there
 * would let whoever configures robots make the server call its own network.
 */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  // IPv4 inside IPv6: NAT64, 6to4 and the deprecated IPv4-compatible form reach IPv4 hosts.
  ['64:ff9b::', 96],
  ['2002::', 16],
  ['::', 96],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv6');

/** An IPv4 address written as IPv6 (`::ffff:7f00:1`, `::ffff:127.0.0.1`), as IPv4; else null. */
function mappedIpv4(address: string): string | null {
  const match = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!match) return null;
  if (match[1]) return match[1];
  const high = Number.parseInt(match[2]!, 16);
  const low = Number.parseInt(match[3]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** True for an IP address (v4 or v6) in a loopback, link-local, private or unspecified range. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const v4 = mappedIpv4(bare) ?? (isIP(bare) === 4 ? bare : null);
  if (v4) return PRIVATE.check(v4, 'ipv4');
  return isIP(bare) === 6 && PRIVATE.check(bare, 'ipv6');
}

/** True when a URL's host is, as written, a private address or a name for this host (`localhost`). */
export function isPrivateHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || isPrivateAddress(name);
}

/**
 * Whether a webhook URL may be called: its host as written, and every address its name resolves
 * to now (a public name can point at a private address). A name that does not resolve is left to
 * the request to fail.
 */
export async function isPrivateWebhookUrl(url: string): Promise<boolean> {
  const { hostname } = new URL(url);
  if (isPrivateHost(hostname)) return true;
  if (isIP(hostname.replace(/^\[|\]$/g, ''))) return false;
  const addresses = await lookup(hostname, { all: true }).catch(() => []);
  return addresses.some((a) => isPrivateAddress(a.address));
}
