import type { Child } from 'hono/jsx'
import { raw } from 'hono/html'
import { currentLocale } from '../../src/lib/i18n/index.js'

const global = new Map<string, Child>()
const scoped = new WeakMap<object, Map<string, Child>>()

/**
 * Markup that depends only on `key` and the language, rendered once and then reused as a string (issue 21: hono/jsx
 * builds and walks every node of every page; an icon is a dozen attributes each time). `scope` ties the cache to
 * an object the markup is made from, such as the site configuration, so a test app with other settings gets its
 * own. Markup with async parts is never cached.
 */
export function once(key: string, make: () => Child, scope?: object): Child {
  let cache = scope ? scoped.get(scope) : global
  if (!cache) {
    cache = new Map<string, Child>()
    scoped.set(scope!, cache)
  }
  const k = `${currentLocale()}|${key}`
  const hit = cache.get(k)
  if (hit !== undefined) return hit
  const node = make()
  // only an element (its toString() is escaped markup); a bare string or number would be text, not markup
  if (typeof node !== 'object' || node === null || Array.isArray(node) || node instanceof Promise) return node
  const html: unknown = node.toString()
  if (typeof html !== 'string' && !(html instanceof String)) return node
  const done = raw(html.toString())
  cache.set(k, done)
  return done
}
