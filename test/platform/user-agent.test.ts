import { describe, expect, it } from 'vitest'
import { describeUserAgent, displayIp } from '../../src/lib/user-agent.js'

describe('describeUserAgent', () => {
  const cases: [string, string][] = [
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 'Chrome · Windows'],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0',
      'Edge · Windows',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
      'Safari · iOS',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
      'Safari · macOS',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
      'Chrome · Android',
    ],
    [
      'Mozilla/5.0 (Linux; Android 13; V2203A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107 Mobile Safari/537.36 MicroMessenger/8.0.47',
      '微信 · Android',
    ],
    ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', 'Firefox · Linux'],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0 Mobile/15E148 Safari/604.1',
      'Chrome · iOS',
    ],
    ['curl/8.5.0', 'API'],
    ['vitest', '其他'],
  ]
  it.each(cases)('%s → %s', (ua, want) => expect(describeUserAgent(ua)).toBe(want))
  it('has nothing to say about no user agent', () => {
    expect(describeUserAgent(null)).toBeNull()
    expect(describeUserAgent('  ')).toBeNull()
  })
})

describe('displayIp', () => {
  it('shows IPv4-mapped IPv6 as IPv4 and leaves the rest alone', () => {
    expect(displayIp('::ffff:127.0.0.1')).toBe('127.0.0.1')
    expect(displayIp('::FFFF:10.0.0.7')).toBe('10.0.0.7')
    expect(displayIp('203.0.113.9')).toBe('203.0.113.9')
    expect(displayIp('2001:db8::1')).toBe('2001:db8::1')
    expect(displayIp(null)).toBe('')
  })
})
