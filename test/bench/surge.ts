/** Placeholder until the surge phase lands (issue 21). */
export function surgeBench(_: unknown): Promise<{ rows: [string, string, string][]; lost: number; errors: number; admittedP99s: number }> {
  return Promise.resolve({ rows: [], lost: 0, errors: 0, admittedP99s: 0 })
}
