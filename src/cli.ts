import { parseArgs } from 'node:util'
import { loadConfig, ConfigError } from './config.js'
import { buildDeps, createServices, prepareDatabase } from './bootstrap.js'
import { migrateToLatest } from './db/migrate.js'
import { SYSTEM_CONTEXT } from './modules/audit/service.js'
import { AppError } from './lib/errors.js'
import { STAFF_ROLES } from './modules/identity/roles.js'
import type { Services } from './services.js'
import { rotateKeys } from './modules/identity/keys.js'
import { createFileStore, importFilesFromDirectory } from './modules/applications/storage.js'
import path from 'node:path'

/** Operator CLI: `npm run admin -- <command> [options]`. Exits non-zero with a clear message on error. */
type Command = { usage: string; help: string; run(services: Services, args: string[]): Promise<void> }

const commands: Record<string, Command> = {
  migrate: {
    usage: 'migrate',
    help: 'apply database migrations',
    async run(s) {
      const applied = await migrateToLatest(s.deps.db, s.deps.dialect)
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
    },
  },
  'staff:create': {
    usage: `staff:create --username U --password P --role R --name N [--department D] [--staff-no NO]`,
    help: `create a staff account; R is one of ${STAFF_ROLES.join(' ')}`,
    async run(s, args) {
      const { values } = parseArgs({
        args,
        options: {
          username: { type: 'string' },
          password: { type: 'string' },
          role: { type: 'string' },
          name: { type: 'string' },
          department: { type: 'string' },
          'staff-no': { type: 'string' },
        },
      })
      for (const k of ['username', 'password', 'role', 'name'] as const) if (!values[k]) throw new UsageError(`missing --${k}`)
      await prepareDatabase(s, { demo: false })
      const r = await s.staff.create(SYSTEM_CONTEXT, {
        username: values.username!,
        password: values.password!,
        role: values.role!,
        name: values.name!,
        department: values.department,
        staffNo: values['staff-no'],
      })
      console.log(`created staff #${r.id} ${values.username} (${values.role})`)
      if (r.totpSecret) console.log(`TOTP_SECRET=${r.totpSecret}`)
    },
  },
  'jobs:run': {
    usage: 'jobs:run [--now ISO8601]',
    help: 'run every due job once (outbox, closures, retention, deadlines) and exit',
    async run(s, args) {
      const { values } = parseArgs({ args, options: { now: { type: 'string' } } })
      let now: Date | undefined
      if (values.now) {
        now = new Date(values.now)
        if (Number.isNaN(now.getTime())) throw new UsageError(`--now is not a valid ISO 8601 time: ${values.now}`)
      }
      await migrateToLatest(s.deps.db, s.deps.dialect)
      const r = await s.jobs.runDue(now)
      console.log(`jobs run: periodic [${r.periodic.join(', ')}], queued jobs ${r.jobs}`)
    },
  },
  'keys:rotate': {
    usage: 'keys:rotate',
    help: 're-encrypt personal data under APP_KEY (old keys in APP_KEY_PREVIOUS) and recompute blind indexes',
    async run(s) {
      const r = await rotateKeys(s.deps.db, s.deps.crypto)
      // The registries' records (blind indexes recomputed from their encrypted keys) and the certificates' keys.
      const reg = await s.registries.rotateKeys()
      const cert = await s.certificates.rotateKeys()
      const detail = {
        ...r,
        registryRecords: reg.records,
        registryLookups: reg.lookups,
        certificates: cert.holders,
        signingKeys: cert.signingKeys,
      }
      await s.audit.record(null, SYSTEM_CONTEXT, { action: 'system.keys_rotated', subjectType: 'system', detail })
      console.log(
        `keys rotated to ${s.deps.crypto.currentKeyId}: users ${r.users}, enterprises ${r.enterprises}, staff ${r.staff}, other ${r.other}, ` +
          `registry records ${reg.records}, registry look-ups ${reg.lookups}, certificates ${cert.holders}, signing keys ${cert.signingKeys}`,
      )
      if (reg.unindexable)
        console.log(
          `${reg.unindexable} registry record(s) stored before keys were kept cannot be re-indexed: put them again (registry:put)`,
        )
    },
  },
  'attachments:import': {
    usage: 'attachments:import [--dir DIR]',
    help: 'copy the files of an older install (default DATA_DIR/uploads) into the database, once, on the node that has them',
    async run(s, args) {
      const { values } = parseArgs({ args, options: { dir: { type: 'string' } } })
      await migrateToLatest(s.deps.db, s.deps.dialect)
      const dir = path.resolve(values.dir ?? path.join(s.deps.config.dataDir, 'uploads'))
      const r = await importFilesFromDirectory(s.deps.db, createFileStore(), dir)
      console.log(
        `attachments: imported ${r.imported}, already stored ${r.present}, missing ${r.missing.length}, checksum mismatch ${r.mismatched.length}`,
      )
      if (r.missing.length || r.mismatched.length) process.exitCode = 1
    },
  },
  'registry:put': {
    usage: 'registry:put SOURCE KEY JSON',
    help: 'development registries: store or replace the record of KEY (ID number, or USCC for enterprise) in SOURCE (education, social-insurance, credit, enterprise)',
    async run(s, args) {
      const [source, key, json] = args
      if (!source || !key || !json) throw new UsageError('usage: registry:put SOURCE KEY JSON')
      let record: unknown
      try {
        record = JSON.parse(json)
      } catch {
        throw new UsageError('JSON is not valid JSON')
      }
      await prepareDatabase(s, { demo: false })
      await s.registries.put(source, key, record)
      console.log(`registry ${source}: record stored`)
    },
  },
  'certificates:rotate-key': {
    usage: 'certificates:rotate-key',
    help: 'sign new electronic certificates with a new Ed25519 key; earlier keys keep verifying what they signed',
    async run(s) {
      await prepareDatabase(s, { demo: false })
      const kid = await s.certificates.rotateKey()
      await s.audit.record(null, SYSTEM_CONTEXT, { action: 'system.keys_rotated', subjectType: 'system', detail: { certificateKey: kid } })
      console.log(`certificate signing key rotated: kid ${kid}`)
    },
  },
  'audit:verify': {
    usage: 'audit:verify',
    help: 'check the audit chain (keyed MACs) against every signed checkpoint; exit 1 naming the first bad entry',
    async run(s) {
      const r = await s.audit.verify()
      if (r.ok) {
        console.log(`audit ok: ${r.entries} entries`)
      } else {
        console.error(`audit BROKEN: ${r.problem} (${r.entries} entries verified before it)`)
        process.exitCode = 1
      }
    },
  },
  'audit:checkpoint': {
    usage: 'audit:checkpoint',
    help: 'seal pending audit entries and write a signed checkpoint of the chain head (AUDIT_CHECKPOINT_DIR)',
    async run(s) {
      const c = await s.audit.checkpoint()
      console.log(`audit checkpoint: #${c.position} ${c.mac} at ${c.at}`)
      console.log(`written to ${c.file}`)
    },
  },
}

class UsageError extends Error {}

function printHelp() {
  console.log('usage: npm run admin -- <command> [options]\n\ncommands:')
  for (const c of Object.values(commands)) console.log(`  ${c.usage}\n      ${c.help}`)
}

export function registerCommand(name: string, cmd: Command) {
  commands[name] = cmd
}

async function main() {
  const [name, ...args] = process.argv.slice(2)
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    printHelp()
    return
  }
  const cmd = commands[name]
  if (!cmd) {
    console.error(`unknown command: ${name}\n`)
    printHelp()
    process.exitCode = 2
    return
  }
  const config = loadConfig(process.env)
  const deps = buildDeps(config, {})
  deps.logger.level = 'warn'
  const services = createServices(deps)
  try {
    await cmd.run(services, args)
  } finally {
    await deps.destroy()
  }
}

main().catch((e) => {
  if (e instanceof ConfigError || e instanceof UsageError) console.error(`error: ${e.message}`)
  else if (e instanceof AppError) console.error(`error: ${e.message}`)
  else if ((e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') console.error(`error: ${(e as Error).message}`)
  else console.error(`error: ${(e as Error).message ?? e}`)
  process.exit(1)
})
