/**
 * Client addresses in the form both servers compare ACL hosts against: Java's
 * InetAddress.getHostAddress(). Node prints `::1` and `::ffff:10.0.0.1`; Java prints
 * `0:0:0:0:0:0:0:1` (eight groups, lower-case hex, no leading zeros, no `::` compression) and,
 * because Java turns IPv4-mapped IPv6 addresses into IPv4 addresses, `10.0.0.1`.
 * An ACL written against a Java broker (`--allow-host 0:0:0:0:0:0:0:1`) therefore matches
 * only if the gateway passes the client address through javaHostAddress first.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** Java's getHostAddress() text for a Node remote address; other strings are returned unchanged. */
export function javaHostAddress(address: string): string {
  const percent = address.indexOf('%');
  const bare = percent < 0 ? address : address.slice(0, percent);
  const zone = percent < 0 ? '' : address.slice(percent);
  if (isIPv4(bare) || !isIPv6(bare)) return address;
  const groups = ipv6Groups(bare);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6] >> 8}.${groups[6] & 0xff}.${groups[7] >> 8}.${groups[7] & 0xff}`;
  }
  return groups.map((g) => g.toString(16)).join(':') + zone;
}

/** The eight 16-bit groups of a valid IPv6 address (with `::` and a dotted IPv4 tail expanded). */
function ipv6Groups(addr: string): number[] {
  let text = addr;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (isIPv4(tail)) {
    const [a, b, c, d] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = rest === undefined ? [] : rest ? rest.split(':') : [];
  const fill = rest === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...new Array<string>(fill).fill('0'), ...right].map((g) => parseInt(g, 16));
}
