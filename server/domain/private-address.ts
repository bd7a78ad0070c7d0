/**
 * Whether an IP address is inside a private network, so outbound webhooks cannot be pointed at the
 * server itself, the LAN or a cloud metadata service (SSRF). Pure: parses the literal only.
 */

type Range4 = [number, number]; // network as a 32-bit number, prefix length

const cidr4 = (a: number, b: number, c: number, d: number, bits: number): Range4 => [((a << 24) | (b << 16) | (c << 8) | d) >>> 0, bits];

/** IPv4 ranges that are not the public internet (RFC 6890 special-purpose, plus multicast). */
const PRIVATE_V4: Range4[] = [
  cidr4(0, 0, 0, 0, 8), // "this network"
  cidr4(10, 0, 0, 0, 8), // private
  cidr4(100, 64, 0, 0, 10), // carrier-grade NAT
  cidr4(127, 0, 0, 0, 8), // loopback
  cidr4(169, 254, 0, 0, 16), // link-local, incl. 169.254.169.254 metadata
  cidr4(172, 16, 0, 0, 12), // private
  cidr4(192, 0, 0, 0, 24), // IETF protocol assignments (incl. 192.0.0.192 Oracle metadata)
  cidr4(192, 168, 0, 0, 16), // private
  cidr4(198, 18, 0, 0, 15), // benchmarking
  cidr4(224, 0, 0, 0, 4), // multicast
  cidr4(240, 0, 0, 0, 4), // reserved, incl. broadcast
];

function parseV4(ip: string): number | null {
  const parts = ip.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

function inRange4(n: number, [network, bits]: Range4): boolean {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((n & mask) >>> 0) === network;
}

/** Eight 16-bit groups of an IPv6 literal (embedded IPv4 and "::" expanded), or null. */
function parseV6(input: string): number[] | null {
  let ip = input.toLowerCase();
  const zone = ip.indexOf("%");
  if (zone >= 0) ip = ip.slice(0, zone);
  const lastColon = ip.lastIndexOf(":");
  if (lastColon < 0) return null;
  const last = ip.slice(lastColon + 1);
  if (last.includes(".")) {
    const v4 = parseV4(last);
    if (v4 === null) return null;
    ip = `${ip.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = ip.split("::");
  if (halves.length > 2) return null;
  const read = (s: string) => (s === "" ? [] : s.split(":"));
  const head = read(halves[0] ?? "");
  const tail = halves.length === 2 ? read(halves[1] ?? "") : [];
  const groups = [...head, ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  if (halves.length === 1 ? groups.length !== 8 : groups.length > 7) return null;
  const fill = new Array<string>(8 - groups.length).fill("0");
  return [...head, ...fill, ...tail].map((g) => parseInt(g, 16));
}

/** True for loopback, private, link-local, metadata, multicast and other non-public addresses. */
export function isPrivateAddress(ip: string): boolean {
  const v4 = parseV4(ip);
  if (v4 !== null) return PRIVATE_V4.some((r) => inRange4(v4, r));
  const g = parseV6(ip);
  if (!g) return true; // not an address we understand: do not send there
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, h7 = 0, h8 = 0] = g;
  const embedded = ((h7 << 16) | h8) >>> 0;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0) {
    if (f === 0 && h7 === 0 && (h8 === 0 || h8 === 1)) return true; // :: and ::1
    if (f === 0xffff || f === 0) return PRIVATE_V4.some((r) => inRange4(embedded, r)); // IPv4-mapped / -compatible
  }
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return PRIVATE_V4.some((r) => inRange4(embedded, r)); // NAT64
  if ((a & 0xfe00) === 0xfc00) return true; // unique local fc00::/7 (incl. fd00:ec2::254 metadata)
  if ((a & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((a & 0xff00) === 0xff00) return true; // multicast
  if (a === 0x2001 && b === 0x0db8) return true; // documentation
  return false;
}
