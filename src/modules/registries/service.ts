import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import type { FieldCrypto } from '../../lib/crypto.js'
import type { Logger } from '../../lib/logger.js'
import { AppError } from '../../lib/errors.js'
import { toTimestamp } from '../../db/time.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { Transaction } from 'kysely'
import * as repo from './repository.js'
import { RegistryUnavailable, type RegistryConnector } from './connectors.js'
import { prefillFor, REUSE_MS } from './prefill.js'
import { enterprisePrefill } from './enterprise.js'
import { rotateRegistryKeys } from './keys.js'
import { RECORD_SCHEMAS, REGISTRY_SOURCES, schemaFor, isRegistrySource, type RegistryRecord, type RegistrySource } from './schemas.js'

/** Trust levels after 国办函〔2016〕108号: A authoritative registry, B verified by staff, C uploaded, D self-declared. */
export type TrustLevel = 'A' | 'B' | 'C' | 'D'

export type LookupResult<S extends RegistrySource = RegistrySource> =
  | { status: 'found'; source: S; data: RegistryRecord<S>; fetchedAt: string; trust: 'A' }
  | { status: 'not_found' | 'unauthorised' | 'unavailable'; source: S; fetchedAt: string | null }

export type AuthorisationState = Record<RegistrySource, { granted: boolean; at: string | null; policyVersion: string | null }>

interface Deps {
  db: Kysely<Database>
  clock: Clock
  crypto: FieldCrypto
  audit: AuditService
  connector: RegistryConnector
  logger: Logger
}

export const keyIndexKind = (source: RegistrySource) => `registry:${source === 'enterprise' ? 'uscc' : 'id_number'}`

/**
 * Registries (data travels): look-ups only with the citizen's authorisation, each one audited with its
 * purpose and kept in a ledger the citizen sees; a registry that is slow or down never blocks anything —
 * the result is "unavailable" and the form falls back to manual entry.
 */
export function createRegistryService({ db, clock, crypto, audit, connector, logger }: Deps) {
  const now = () => toTimestamp(clock.now())

  async function authorisations(userId: number): Promise<AuthorisationState> {
    const state = Object.fromEntries(
      REGISTRY_SOURCES.map((s) => [s, { granted: false, at: null, policyVersion: null }]),
    ) as AuthorisationState
    for (const r of await repo.authorisationsOf(db, userId)) {
      const entry = { granted: r.granted === 1, at: r.createdAt, policyVersion: r.policyVersion }
      if (r.scope === 'all') for (const s of REGISTRY_SOURCES) state[s] = entry
      else if (isRegistrySource(r.scope)) state[r.scope] = entry
    }
    return state
  }

  /** The enterprise's authorisation for look-ups about it (its registration and its social-insurance roster). */
  async function enterpriseAuthorised(userId: number, enterpriseId: number) {
    const rows = (await repo.authorisationsOf(db, userId)).filter((r) => r.scope === `enterprise:${enterpriseId}`)
    return rows.length > 0 && rows[rows.length - 1].granted === 1
  }

  const service = {
    sources: REGISTRY_SOURCES,
    enterpriseAuthorised,
    connectorKind: connector.kind,
    authorisations,

    /** Grant or withdraw the authorisation for one source or `all`; a consent record with the policy version. */
    async authorise(ctx: AuditContext, userId: number, scope: string, granted: boolean, policyVersion: string | null, channel = 'web') {
      if (scope !== 'all' && !isRegistrySource(scope) && !/^enterprise:\d+$/.test(scope))
        throw new AppError('invalid', '未知的数据来源', { scope: '请选择要授权的数据来源' })
      await db.transaction().execute(async (trx) => {
        await repo.insertAuthorisation(trx, { userId, scope, granted, policyVersion, channel, createdAt: now() })
        await audit.record(trx, ctx, {
          action: granted ? 'registry.authorised' : 'registry.authorisation_withdrawn',
          subjectType: 'citizen',
          subjectId: userId,
          detail: { scope, policyVersion, channel },
        })
      })
    },

    /**
     * Looks up the citizen's record in one source, for a stated purpose. Without authorisation nothing is
     * asked of the registry. Every attempt that reaches a registry is recorded and audited.
     */
    async lookup<S extends RegistrySource>(
      ctx: AuditContext,
      input: { userId: number; enterpriseId?: number; source: S; key: string; purpose: string; reuseWithinMs?: number },
    ): Promise<LookupResult<S>> {
      const { userId, source, key, purpose } = input
      // An enterprise's records are asked for with the enterprise's authorisation (given by its operator), a person's with theirs.
      const allowed = input.enterpriseId
        ? await enterpriseAuthorised(userId, input.enterpriseId)
        : (await authorisations(userId))[source].granted
      if (!allowed) return { status: 'unauthorised', source, fetchedAt: null }
      // The same form opened again within minutes reuses what was fetched (no second look-up, no second audit row).
      if (input.reuseWithinMs) {
        const since = toTimestamp(new Date(clock.now().getTime() - input.reuseWithinMs))
        const hit = await repo.recentFound(db, userId, source, purpose, since)
        if (hit?.dataEnc) {
          const parsed = RECORD_SCHEMAS[source].safeParse(JSON.parse(crypto.decrypt(hit.dataEnc)))
          if (parsed.success) return { status: 'found', source, data: parsed.data as RegistryRecord<S>, fetchedAt: hit.at, trust: 'A' }
        }
      }
      const fetchedAt = now()
      let outcome: 'found' | 'not_found' | 'unavailable'
      let data: RegistryRecord<S> | null = null
      try {
        const raw = await connector.lookup(source, key)
        if (raw === null) outcome = 'not_found'
        else {
          const parsed = RECORD_SCHEMAS[source].safeParse(raw)
          if (!parsed.success) throw new RegistryUnavailable(`${source}: answer does not match the record shape`)
          data = parsed.data as RegistryRecord<S>
          outcome = 'found'
        }
      } catch (err) {
        if (!(err instanceof RegistryUnavailable)) throw err
        logger.warn({ source, reason: err.message, reqId: ctx.requestId }, 'registry unavailable')
        outcome = 'unavailable'
      }
      await db.transaction().execute(async (trx) => {
        await repo.insertLookup(trx, {
          userId,
          source,
          purpose,
          outcome,
          requestId: ctx.requestId,
          dataEnc: data ? crypto.encrypt(JSON.stringify(data)) : null,
          at: fetchedAt,
        })
        await audit.record(trx, ctx, {
          action: 'registry.lookup',
          subjectType: 'citizen',
          subjectId: userId,
          purpose,
          detail: input.enterpriseId ? { source, outcome, enterpriseId: input.enterpriseId } : { source, outcome },
        })
      })
      return data
        ? { status: 'found', source, data, fetchedAt, trust: 'A' }
        : { status: outcome as 'not_found' | 'unavailable', source, fetchedAt }
    },

    /** "This is wrong": reported to the source; this service's form then takes self-declared values for it (manual review). */
    async dispute(ctx: AuditContext, userId: number, source: string, serviceCode: string, note: string) {
      if (!isRegistrySource(source)) throw new AppError('invalid', '未知的数据来源', { source: '请选择有误的数据来源' })
      const text = note.trim()
      if (!text || [...text].length > 500) throw new AppError('invalid', '请说明哪里有误', { note: '请说明哪里有误（500字以内）' })
      await db.transaction().execute(async (trx) => {
        await repo.insertDispute(trx, { userId, source, serviceCode, note: text, status: 'reported', createdAt: now() })
        await audit.record(trx, ctx, {
          action: 'registry.disputed',
          subjectType: 'citizen',
          subjectId: userId,
          detail: { source, serviceCode },
        })
      })
    },
    disputedSources: (userId: number, serviceCode: string) => repo.disputedSources(db, userId, serviceCode),

    /** Every look-up made about the citizen (their access log). */
    lookupsOf: (userId: number) => repo.lookupsOf(db, userId),

    /** Development registries: store or replace the record of `key` in `source` (CLI `registry:put`, demo data). */
    async put(source: string, key: string, record: unknown) {
      if (!isRegistrySource(source)) throw new AppError('invalid', `unknown source ${source}: one of ${REGISTRY_SOURCES.join(', ')}`)
      const parsed = schemaFor(source, record).safeParse(record)
      if (!parsed.success) {
        const i = parsed.error.issues[0]
        throw new AppError('invalid', `${source} record: ${i.path.join('.') || '(root)'} ${i.message}`)
      }
      await repo.putRecord(db, {
        source,
        keyBidx: crypto.blindIndex(keyIndexKind(source), key),
        keyEnc: crypto.encrypt(key),
        dataEnc: crypto.encrypt(JSON.stringify(parsed.data)),
        updatedAt: now(),
      })
    },

    /** keys:rotate: re-encrypt under the current APP_KEY and recompute the records' blind indexes. */
    rotateKeys: () => rotateRegistryKeys(db, crypto),

    /** Account closure: authorisations and the look-up ledger are erased with the account. */
    erase: (trx: Transaction<Database>, userId: number) => repo.eraseUser(trx, userId),
  }
  return {
    ...service,
    /** The enterprise talent subsidy's checks: registry status and the listed employees' social insurance. */
    enterprisePrefill: (
      ctx: AuditContext,
      input: { userId: number; enterprise: { id: number; uscc: string }; employees: string; serviceName: string },
    ) =>
      enterprisePrefill(service, ctx, {
        userId: input.userId,
        enterpriseId: input.enterprise.id,
        uscc: input.enterprise.uscc,
        employees: input.employees,
        purpose: `办理“${input.serviceName}”（企业 ${input.enterprise.uscc}）：核验企业登记状态和申报人员社保`,
        reuseWithinMs: REUSE_MS,
      }),
    /** What the registries know for a service's form, with provenance; null for a service without prefill. */
    prefill: (ctx: AuditContext, user: { id: number; idNumberEnc: string | null }, serviceCode: string, serviceName: string) =>
      prefillFor(service, ctx, {
        userId: user.id,
        idNumber: user.idNumberEnc ? crypto.decrypt(user.idNumberEnc) : null,
        serviceCode,
        purpose: `办理“${serviceName}”：预填表单、核验申请条件`,
      }),
  }
}

/** The development registries, kept in this database (filled by `registry:put` and the demo data). */
export function databaseConnector(db: Kysely<Database>, crypto: FieldCrypto): RegistryConnector {
  return {
    kind: 'development',
    async lookup(source, key) {
      const row = await repo.recordOf(db, source, crypto.blindIndex(keyIndexKind(source), key))
      return row ? (JSON.parse(crypto.decrypt(row.dataEnc)) as unknown) : null
    },
  }
}

export type RegistryService = ReturnType<typeof createRegistryService>
