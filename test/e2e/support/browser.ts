import { chromium, type Browser, type Page, type ConsoleMessage } from 'playwright-core'
import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import fs from 'node:fs'
import path from 'node:path'
import { createTestContext, type TestContext } from '../../support/context.js'

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const SHOTS = path.resolve('test-results')

export interface E2E {
  ctx: TestContext
  browser: Browser
  baseUrl: string
  /** Console errors and failed requests seen by any page opened through newPage. */
  problems: string[]
  newPage(opts?: { width?: number; height?: number }): Promise<Page>
  shot(page: Page, name: string): Promise<string>
  close(): Promise<void>
}

/** A test context served on a loopback port, plus a headless Chromium. */
export async function startE2E(opts: { demo?: boolean } = {}): Promise<E2E> {
  const ctx = await createTestContext({ demo: opts.demo })
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const port = (server.address() as AddressInfo).port
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  const problems: string[] = []
  fs.mkdirSync(SHOTS, { recursive: true })
  return {
    ctx,
    browser,
    baseUrl: `http://127.0.0.1:${port}`,
    problems,
    async newPage({ width = 1280, height = 900 } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', baseURL: `http://127.0.0.1:${port}` })
      const page = await context.newPage()
      // a bound on waiting, not a timing assertion: two Chromiums (the tour and a journey) and the servers share two cores
      // in the full suite, and an 8 s wait for one form's redirect ran out there once (2026-12-04)
      page.setDefaultTimeout(15_000)
      page.on('console', (m: ConsoleMessage) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`)
      })
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
      return page
    },
    async shot(page, name) {
      const file = path.join(SHOTS, `${name}.png`)
      await page.screenshot({ path: file, fullPage: true })
      return file
    },
    async close() {
      await browser.close()
      await new Promise<void>((r) => server.close(() => r()))
      await ctx.close()
    },
  }
}
