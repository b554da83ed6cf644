import { BlockList, isIP } from 'node:net';
import type { AppConfig } from '../config/app-config.js';

/** proxy-addr's named ranges, spelled out (the same networks TRUST_PROXY's names mean to Fastify). */
const NAMED: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

function plain(address: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const a = mapped ? mapped[1]! : address;
  const family = isIP(a);
  return family === 4 ? { address: a, family: 'ipv4' } : family === 6 ? { address: a, family: 'ipv6' } : null;
}

/**
 * Whether the TCP peer of a request is one of the proxies TRUST_PROXY names (with a hop count: the
 * nearest peer always is). Only such a peer may tell us anything about the request beyond what we
 * see ourselves: the client's address (Fastify's own trustProxy) and its upstream request id.
 */
export function trustedPeer(trust: AppConfig['trustProxy']): (peer: string | undefined) => boolean {
  if (trust === false) return () => false;
  if (typeof trust === 'number') return () => trust >= 1;
  const list = new BlockList();
  for (const entry of trust.flatMap((e) => NAMED[e] ?? [e])) {
    const [address, prefix] = entry.split('/');
    const p = plain(address!);
    if (!p) continue;
    if (prefix === undefined) list.addAddress(p.address, p.family);
    else list.addSubnet(p.address, Number(prefix), p.family);
  }
  return (peer) => {
    const p = peer ? plain(peer) : null;
    return p !== null && list.check(p.address, p.family);
  };
}
