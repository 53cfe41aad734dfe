import net from 'node:net'

/**
 * Who is asking: the socket address, unless it belongs to a configured reverse proxy (TRUST_PROXY),
 * in which case X-Forwarded-For is read from the right, skipping our own proxies, and the first
 * address that is not one of them is the client. From anyone else the header is ignored, so rotating
 * it lifts no limit and forges no audit IP.
 */
export interface ProxyTrust {
  trusts(address: string | null): boolean
  clientOf(socketAddress: string | null, forwardedFor: string | undefined): string | null
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; brackets and zone ids removed; anything that is not an IP → null. */
function normaliseIp(raw: string | null | undefined): string | null {
  if (!raw) return null
  let a = raw.trim()
  if (a.startsWith('[') && a.includes(']')) a = a.slice(1, a.indexOf(']'))
  const zone = a.indexOf('%')
  if (zone > 0) a = a.slice(0, zone)
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a)
  if (mapped) a = mapped[1]
  return net.isIP(a) ? a.toLowerCase() : null
}

export function createProxyTrust(entries: readonly string[]): ProxyTrust {
  const list = new net.BlockList()
  for (const e of entries) {
    const [addr, bits] = e.split('/')
    const type = net.isIP(addr) === 6 ? 'ipv6' : 'ipv4'
    if (bits === undefined) list.addAddress(addr, type)
    else list.addSubnet(addr, Number(bits), type)
  }
  const trusts = (address: string | null) => {
    const a = normaliseIp(address)
    if (!a || entries.length === 0) return false
    return list.check(a, net.isIP(a) === 6 ? 'ipv6' : 'ipv4')
  }
  return {
    trusts,
    clientOf(socketAddress, forwardedFor) {
      const socket = normaliseIp(socketAddress)
      if (!socket || !trusts(socket) || !forwardedFor) return socket
      let client = socket
      const hops = forwardedFor.split(',').slice(-20).reverse()
      for (const hop of hops) {
        const a = normaliseIp(hop)
        if (!a) break // garbage in the header: stop at the last hop we could vouch for
        client = a
        if (!trusts(a)) break
      }
      return client
    },
  }
}
