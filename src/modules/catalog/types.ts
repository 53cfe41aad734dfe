import type { FormDefinition, Guide, ServiceEnglish } from './definitions.js'
import type { ClaimRule } from './claims.js'

/** A service of the catalog as pages show it (views import this type, not the service). */
export interface CatalogService {
  code: string
  name: string
  category: string
  applicantKind: 'citizen' | 'enterprise'
  status: 'online' | 'offline'
  timeLimitDays: number
  isSubsidy: boolean
  refPrefix: string
  guide: Guide
  form: FormDefinition
  /** Subsidies: what a claim is worth and which period it covers (null for other services). */
  claim: ClaimRule | null
  /** The English texts (services.en), or null; pages show `localised(service)`. */
  en: ServiceEnglish | null
  /**
   * On a copy localised for an English request (`localised`): the canonical service, whose Chinese texts
   * are what rows, audit purposes and case notes store (decision 0225). Absent on the canonical service.
   */
  source?: CatalogService
}
