import { describe, expect, it } from 'vitest'
import { BoundedMap } from '../../src/lib/bounded-map.js'

describe('BoundedMap', () => {
  it('holds at most max entries and drops the oldest first', () => {
    const m = new BoundedMap<string, number>(3)
    for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) m.set(k, i)
    expect(m.size).toBe(3)
    expect(m.has('a')).toBe(false)
    expect([m.get('b'), m.get('c'), m.get('d')]).toEqual([1, 2, 3])
    m.set('e', 4)
    expect(m.has('b')).toBe(false)
    expect(m.has('c')).toBe(true)
  })

  it('replaces the value of a key it holds without dropping another', () => {
    const m = new BoundedMap<string, number>(2)
    m.set('a', 1).set('b', 2).set('b', 3)
    expect(m.size).toBe(2)
    expect([m.get('a'), m.get('b')]).toEqual([1, 3])
  })

  it('refuses a size below one', () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError)
  })
})
