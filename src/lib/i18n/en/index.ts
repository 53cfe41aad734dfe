import type { Catalogue } from './types.js'
import platform from './platform.js'
import data from './data.js'
import catalog from './catalog.js'
import identity from './identity.js'

/**
 * The English catalogue: one file per area (each helper/module owns its file, so translations of
 * different areas never touch the same lines). Keys are the Chinese source strings exactly.
 */
const parts: Catalogue[] = [platform, data, catalog, identity]

export const EN = new Map<string, string>()
for (const part of parts) for (const [zh, en] of Object.entries(part)) EN.set(zh, en)
