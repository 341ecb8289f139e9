import type { Context, MiddlewareHandler } from 'hono'
import ipaddr from 'ipaddr.js'
import { BEARER_TOKEN, type AppConfig } from '../../config.js'
import type { AppEnv, ClientAddress } from '../env.js'

const BEARER_HEADER = new RegExp(`^Bearer +(${BEARER_TOKEN}) *$`, 'i')

/** The bearer token a request carries, if any. */
function bearerToken(c: Context): string | null {
  const m = BEARER_HEADER.exec(c.req.header('authorization') ?? '')
  return m ? m[1] : null
}

/**
 * The address of the client behind `trustProxy` proxies: each proxy appends the address it
 * saw to X-Forwarded-For, so the entry `trustProxy` from the end is the last one a trusted
 * proxy wrote. Entries before it are the client's to forge, so they are never read.
 */
export function forwardedFor(header: string | undefined, trustProxy: number): string | undefined {
  if (!header || trustProxy <= 0) return undefined
  const hops = header.split(',').map((s) => s.trim()).filter(Boolean)
  return hops[Math.max(0, hops.length - trustProxy)]
}

/** Leading bits of an IPv6 address that name one client: a subscriber or server is usually given a whole /64, and can use any address in it. */
const IPV6_CLIENT_BITS = 64

/**
 * The name an address counts under: an IPv4 address as itself (also when written as IPv6,
 * "::ffff:1.2.3.4"), a public IPv6 address by its /64 network, so that rotating addresses
 * within it does not reset a rate limit. On a LAN (unique-local, link-local) each IPv6 address
 * is its own machine, as with IPv4. A port or brackets ("[2001:db8::1]:443", "1.2.3.4:80", as
 * some proxies write them) and a zone id ("%eth0") are not part of the client. Anything that is
 * not an address ("unknown") counts as given.
 */
export function clientNetwork(address: string): string {
  let network = networks.get(address)
  if (network === undefined) {
    // Parsing takes 2–7 µs, a tenth of a cached answer's cost; the same few clients ask again and again.
    if (networks.size >= MAX_REMEMBERED) networks.clear()
    networks.set(address, (network = networkOf(address)))
  }
  return network
}

/** Distinct addresses (with their network) or keys (with their digest) remembered; past it, the memory starts afresh. */
const MAX_REMEMBERED = 10_000
const networks = new Map<string, string>()

function networkOf(address: string): string {
  let a = address.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a)
  if (bracketed) a = bracketed[1]
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'))
  a = a.replace(/%.*$/, '')
  if (!ipaddr.isValid(a)) return address
  const ip = ipaddr.process(a)
  if (ip.kind() === 'ipv4') return ip.toString()
  const v6 = ip as ipaddr.IPv6
  if (['uniqueLocal', 'linkLocal', 'loopback'].includes(v6.range())) return v6.toRFC5952String()
  const parts = v6.parts.map((p, i) => (i * 16 < IPV6_CLIENT_BITS ? p : 0))
  return `${new ipaddr.IPv6(parts).toRFC5952String()}/${IPV6_CLIENT_BITS}`
}

const digests = new Map<string, string>()

/**
 * SHA-256 of a string, hex; Web Crypto, so it runs on Node and on Workers. Remembered, since the
 * same few clients ask again and again, and a digest costs more than the rest of a cached answer.
 */
export async function sha256Hex(text: string): Promise<string> {
  const known = digests.get(text)
  if (known) return known
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
  if (digests.size >= MAX_REMEMBERED) digests.clear()
  digests.set(text, hex)
  return hex
}

const KEY_CLIENT = 'key:'
/** Whether the client was named by the API key it presented, not by its address. */
export const isKeyClient = (client: string) => client.startsWith(KEY_CLIENT)

/**
 * Names the client a request counts against: a configured API key it presents (hashed, never
 * stored), otherwise its address (an IPv6 one by its /64). Rate limits and the request log use this name.
 */
export function identifyClient(config: Pick<AppConfig, 'apiKeys' | 'trustProxy'>, address: ClientAddress | undefined): MiddlewareHandler<AppEnv> {
  const keys = new Set(config.apiKeys)
  return async (c, next) => {
    const token = bearerToken(c)
    if (token && keys.has(token)) c.set('client', `${KEY_CLIENT}${(await sha256Hex(token)).slice(0, 16)}`)
    else c.set('client', `ip:${clientNetwork(forwardedFor(c.req.header('x-forwarded-for'), config.trustProxy) ?? address?.(c) ?? 'unknown')}`)
    await next()
  }
}
