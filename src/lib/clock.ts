/** Time comes from here only, so tests can move it. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that starts at `start` and then runs on at the pace of `base` (APP_NOW). */
export function startingClock(start: Date, base: Clock = systemClock): Clock {
  const offset = start.getTime() - base.now().getTime()
  return { now: () => new Date(base.now().getTime() + offset) }
}

export class FakeClock implements Clock {
  private t: number
  constructor(start: Date | string = '2026-11-23T02:00:00.000Z') {
    this.t = new Date(start).getTime()
  }
  now() {
    return new Date(this.t)
  }
  set(d: Date | string) {
    this.t = new Date(d).getTime()
  }
  advance(ms: number) {
    this.t += ms
  }
  advanceMinutes(m: number) {
    this.advance(m * 60_000)
  }
  advanceDays(d: number) {
    this.advance(d * 86_400_000)
  }
}

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
