export interface RateLimitsTable {
  bucket: string
  windowStart: string
  hits: number
}
