/**
 * Human-readable client descriptions: "Chrome · Windows" instead of a raw user-agent string, and
 * "127.0.0.1" instead of "::ffff:127.0.0.1". Small on purpose — the portal only needs the browser
 * family and the system, never versions (less to show, nothing to fingerprint).
 */
const BROWSERS: [RegExp, string][] = [
  [/MicroMessenger\//, '微信'],
  [/DingTalk/i, '钉钉'],
  [/AlipayClient/i, '支付宝'],
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/UCBrowser\//, 'UC'],
  [/QQBrowser\//, 'QQ浏览器'],
  [/HeadlessChrome\//, 'Chrome'],
  [/CriOS\/|Chrome\/|Chromium\//, 'Chrome'],
  [/FxiOS\/|Firefox\//, 'Firefox'],
  [/Version\/[\d.]+.*Safari\//, 'Safari'],
  [/MSIE |Trident\//, 'Internet Explorer'],
  [/curl|python|node|undici|Go-http|okhttp|Java\/|axios|wget/i, 'API'],
]
const SYSTEMS: [RegExp, string][] = [
  [/HarmonyOS|OpenHarmony/i, 'HarmonyOS'],
  [/Windows/, 'Windows'],
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod|iOS/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux|X11/, 'Linux'],
]

/** "Chrome · Windows", "Safari · iOS", "微信 · Android"; the browser alone when the system is unknown; null for no UA. */
export function describeUserAgent(ua: string | null | undefined, unknown = '其他'): string | null {
  if (!ua || !ua.trim()) return null
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1] ?? unknown
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1]
  return system ? `${browser} · ${system}` : browser
}

/** An address as people read it: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) shown as IPv4; anything else unchanged. */
export function displayIp(ip: string | null | undefined): string {
  if (!ip) return ''
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip.trim())
  return m ? m[1] : ip.trim()
}
