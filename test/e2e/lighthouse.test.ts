import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, type ServerType } from '@hono/node-server'
import lighthouse from 'lighthouse'
import * as chromeLauncher from 'chrome-launcher'
import { CHROMIUM } from './support/browser.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { ensureCatalog } from '../support/cases.js'

/**
 * Lighthouse 12 (the version that runs on Node 20) on the three pages a search engine sends people to —
 * the home page, the catalog and a service guide — on a phone: accessibility, best practices and SEO
 * must each score 100. Every audit under 1 is named in the failure. Run on SQLite only: the pages are
 * rendered the same on MariaDB, and a Lighthouse run costs seconds (decision 0265).
 */
const mysql = /^mysql/.test(process.env.DATABASE_URL ?? '')
const PAGES = ['/', '/services', '/services/talent-registration']
const CATEGORIES = ['accessibility', 'best-practices', 'seo']

let ctx: TestContext
let server: ServerType
let chrome: chromeLauncher.LaunchedChrome
let base = ''
beforeAll(async () => {
  if (mysql || !fs.existsSync(CHROMIUM)) return
  ctx = await createTestContext({ demo: false })
  await ensureCatalog(ctx)
  server = await new Promise((resolve) => {
    const s = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM, // Debian's Chromium; never a downloaded browser
    chromeFlags: [
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
})
afterAll(async () => {
  chrome?.kill()
  if (server) await new Promise<void>((r) => server.close(() => r()))
  await ctx?.close()
})

describe.skipIf(mysql)('Lighthouse (SQLite only: the pages do not depend on the database)', () => {
  it.skipIf(!fs.existsSync(CHROMIUM))(
    'scores 100 for accessibility, best practices and SEO on the home page, the catalog and a guide',
    async () => {
      const below: string[] = []
      for (const path of PAGES) {
        const result = await lighthouse(
          base + path,
          { port: chrome.port, logLevel: 'error', output: 'json' },
          {
            extends: 'lighthouse:default',
            settings: {
              onlyCategories: CATEGORIES,
              // a loopback server: no simulated network, no waiting for quiet, no screenshot, no back/forward test
              throttlingMethod: 'provided',
              pauseAfterFcpMs: 0,
              pauseAfterLoadMs: 0,
              networkQuietThresholdMs: 0,
              cpuQuietThresholdMs: 0,
              disableFullPageScreenshot: true,
              skipAudits: ['bf-cache'],
            },
          },
        )
        const lhr = result!.lhr
        if (lhr.runtimeError) below.push(`${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
        for (const id of CATEGORIES) {
          const category = lhr.categories[id]
          if (category.score === 1) continue
          const failing = category.auditRefs
            .map((ref) => lhr.audits[ref.id])
            .filter((a) => a.score !== null && a.score < 1)
            .map((a) => a.id)
          below.push(`${path} ${id} ${Math.round((category.score ?? 0) * 100)}: ${failing.join(', ')}`)
        }
      }
      expect(below).toEqual([])
    },
    90_000,
  )
})
