import type { Catalogue } from './types.js'
import platform from './platform.js'
import data from './data.js'
import perf from './perf.js'
import applications from './applications.js'
import privacy from './privacy.js'
import admin from './admin.js'
import certificates from './certificates.js'
import ux from './ux.js'
import casesCase from './cases-case.js'
import casesQueue from './cases-queue.js'
import catalog from './catalog.js'
import identity from './identity.js'
import identityMessages from './identity-messages.js'
import messages from './messages.js'
import citizen from './citizen.js'
import staffPages from './staff-pages.js'

/**
 * The English catalogue: one file per area (each helper/module owns its file, so translations of
 * different areas never touch the same lines). Keys are the Chinese source strings exactly.
 */
const parts: Catalogue[] = [
  platform,
  data,
  perf,
  applications,
  privacy,
  admin,
  certificates,
  ux,
  casesCase,
  casesQueue,
  catalog,
  identity,
  identityMessages,
  messages,
  citizen,
  staffPages,
]

export const EN = new Map<string, string>()
for (const part of parts) for (const [zh, en] of Object.entries(part)) EN.set(zh, en)
