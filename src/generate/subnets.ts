/**
 * Pod subnets for host-local, checked as the plugins and the kernel will take them: a valid CIDR
 * of the right family, no host bits, large enough to allocate from, not space the kernel will not
 * route to an interface, and a warning for public address space.
 */
import ipaddr from 'ipaddr.js';
import { GenerateError } from './generate-error.js';

type Family = 'ipv4' | 'ipv6';

export interface CheckedSubnet {
  /** As given. */
  readonly given: string;
  /** Canonical form (RFC 5952 for IPv6), as written to the config. */
  readonly cidr: string;
  readonly family: Family;
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefix: number;
}

interface Block {
  readonly cidr: string;
  readonly what: string;
}

/** Address space that is not routed on the internet: fine for pods (RFC 6890 and successors). */
const NOT_PUBLIC: Readonly<Record<Family, readonly Block[]>> = {
  ipv4: [
    { cidr: '10.0.0.0/8', what: 'private (RFC 1918)' },
    { cidr: '172.16.0.0/12', what: 'private (RFC 1918)' },
    { cidr: '192.168.0.0/16', what: 'private (RFC 1918)' },
    { cidr: '100.64.0.0/10', what: 'shared CGNAT space (RFC 6598)' },
    { cidr: '169.254.0.0/16', what: 'link-local' },
    { cidr: '192.0.0.0/24', what: 'IETF protocol assignments' },
    { cidr: '192.0.2.0/24', what: 'documentation (TEST-NET-1)' },
    { cidr: '198.51.100.0/24', what: 'documentation (TEST-NET-2)' },
    { cidr: '203.0.113.0/24', what: 'documentation (TEST-NET-3)' },
    { cidr: '198.18.0.0/15', what: 'benchmarking (RFC 2544)' },
    { cidr: '240.0.0.0/4', what: 'reserved' },
  ],
  ipv6: [
    { cidr: 'fc00::/7', what: 'unique local (ULA)' },
    { cidr: 'fe80::/10', what: 'link-local' },
    { cidr: '2001:db8::/32', what: 'documentation' },
    { cidr: '2001:2::/48', what: 'benchmarking' },
  ],
};

/** Space a pod subnet must not touch: the kernel does not route it to an interface as unicast. */
const UNUSABLE: Readonly<Record<Family, readonly Block[]>> = {
  ipv4: [
    { cidr: '0.0.0.0/8', what: '"this network" (0.0.0.0/8)' },
    { cidr: '127.0.0.0/8', what: 'loopback (127.0.0.0/8)' },
    { cidr: '224.0.0.0/4', what: 'multicast (224.0.0.0/4)' },
    { cidr: '255.255.255.255/32', what: 'the limited broadcast address' },
  ],
  ipv6: [
    { cidr: '::/128', what: 'the unspecified address (::)' },
    { cidr: '::1/128', what: 'loopback (::1)' },
    { cidr: 'ff00::/8', what: 'multicast (ff00::/8)' },
  ],
};

const GOOGLE_V6 = parseKnown('2001:4860::/32');

/**
 * Parses and checks subnets as host-local needs them: strict syntax (four-part decimal IPv4,
 * IPv6 without a zone), no host bits, room for at least two addresses, no IPv4-mapped IPv6, no
 * overlap with each other or with loopback/multicast. Returns warnings for public space.
 */
export function checkSubnets(given: readonly string[]): { subnets: CheckedSubnet[]; warnings: string[] } {
  const subnets: CheckedSubnet[] = [];
  const warnings: string[] = [];
  for (const value of given) {
    const subnet = parseSubnet(value);
    const unusable = UNUSABLE[subnet.family].find((b) => overlaps(subnet, parseKnown(b.cidr)));
    if (unusable) throw new GenerateError(`subnet ${value} overlaps ${unusable.what}, which cannot hold pod addresses`, value);
    const clash = subnets.find((s) => overlaps(s, subnet));
    if (clash) {
      throw new GenerateError(
        `subnet ${value} overlaps subnet ${clash.given}: host-local refuses overlapping ranges; give disjoint subnets (two of the same family are fine)`,
        value,
      );
    }
    subnets.push(subnet);
    if (!NOT_PUBLIC[subnet.family].some((b) => contains(parseKnown(b.cidr), subnet))) warnings.push(publicWarning(subnet));
  }
  return { subnets, warnings };
}

function publicWarning(s: CheckedSubnet): string {
  const owner = s.family === 'ipv6' && contains(GOOGLE_V6, s) ? " (inside 2001:4860::/32, Google's public range; it is the value on the Kubernetes page)" : '';
  const instead =
    s.family === 'ipv6'
      ? 'use a unique local (ULA) subnet from fd00::/8 instead, e.g. a random fdXX:XXXX:XXXX::/48 and a /64 inside it'
      : 'use private space instead: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (or 100.64.0.0/10)';
  return `subnet ${s.given} is public address space${owner}: pods would take addresses that belong to someone else on the internet; ${instead}`;
}

function parseSubnet(value: string): CheckedSubnet {
  const slash = value.lastIndexOf('/');
  if (slash < 0) throw new GenerateError(`subnet "${value}" is not a CIDR: write ADDRESS/PREFIX, e.g. 10.88.0.0/16 or fd00:10:88::/64`, value);
  const addressText = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(addressText)) {
    address = ipaddr.IPv4.parse(addressText);
  } else if (ipaddr.IPv6.isValid(addressText)) {
    address = ipaddr.IPv6.parse(addressText);
    if (address.zoneId !== undefined) throw new GenerateError(`subnet ${value}: a zone (%${address.zoneId}) has no place in a subnet`, value);
  } else {
    throw new GenerateError(`subnet "${value}" is not a CIDR: "${addressText}" is not an IPv4 address in dotted decimal or an IPv6 address`, value);
  }
  const family: Family = address.kind();
  const bits = family === 'ipv4' ? 32 : 128;
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > bits) {
    throw new GenerateError(
      `subnet ${value}: prefix length "${prefixText}" is not a whole number from 0 to ${bits}, the range for ${family === 'ipv4' ? 'IPv4' : 'IPv6'}`,
      value,
    );
  }
  const prefix = Number(prefixText);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    const v4 = (address as ipaddr.IPv6).toIPv4Address().toString();
    const v4prefix = prefix >= 96 ? `/${prefix - 96}` : '';
    throw new GenerateError(
      `subnet ${value} is an IPv4-mapped IPv6 subnet: host-local reads the address as IPv4 and the mask as IPv6 and fails ("IPNet IP and Mask version mismatch"); ` +
        `write it as IPv4${v4prefix ? `: ${v4}${v4prefix}` : ''}`,
      value,
    );
  }
  if (prefix > bits - 2) {
    throw new GenerateError(`subnet ${value} is too small: host-local cannot allocate from a /${prefix} (it needs a /${bits - 2} or larger)`, value);
  }
  const network = networkAddress(address, prefix);
  const canonical = (a: ipaddr.IPv4 | ipaddr.IPv6): string => (a.kind() === 'ipv6' ? (a as ipaddr.IPv6).toRFC5952String() : a.toString());
  if (canonical(network) !== canonical(address)) {
    throw new GenerateError(`subnet ${value} has host bits set: the network address of a /${prefix} there is ${canonical(network)}/${prefix}`, value);
  }
  return { given: value, cidr: `${canonical(address)}/${prefix}`, family, address, prefix };
}

function networkAddress(address: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = address.toByteArray();
  const masked = bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  return ipaddr.fromByteArray(masked);
}

function parseKnown(cidr: string): { family: Family; address: ipaddr.IPv4 | ipaddr.IPv6; prefix: number } {
  const [address, prefix] = ipaddr.parseCIDR(cidr);
  return { family: address.kind(), address, prefix };
}

type Net = { readonly family: Family; readonly address: ipaddr.IPv4 | ipaddr.IPv6; readonly prefix: number };

function overlaps(a: Net, b: Net): boolean {
  return a.family === b.family && a.address.match(b.address, Math.min(a.prefix, b.prefix));
}

/** Whether `inner` lies wholly inside `outer`. */
function contains(outer: Net, inner: Net): boolean {
  return outer.family === inner.family && inner.prefix >= outer.prefix && inner.address.match(outer.address, outer.prefix);
}
