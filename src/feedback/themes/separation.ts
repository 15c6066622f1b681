/** How strongly a theme separates detractors from promoters, from the counts of their comments. */
export interface Separation {
  /** Detractor and promoter comments that mention the theme. */
  detractors: number
  promoters: number
  /** Share of detractor comments mentioning it ÷ share of promoter comments mentioning it (null without either). */
  lift: number | null
  /** Log odds ratio with Haldane–Anscombe +½ on every cell, its standard error and z. */
  logOdds: number
  se: number
  z: number
}

/**
 * The 2×2 table theme × group (detractor vs promoter comments): log odds ratio
 * ln[(a+½)(d+½) / ((b+½)(c+½))] with SE √Σ 1/(cell+½) (Haldane 1956; Anscombe 1956). Positive: detractors'.
 * @example separation(30, 100, 10, 200) // a theme in 30 of 100 detractor and 10 of 200 promoter comments
 */
export function separation(
  detractorsWith: number,
  detractorsAll: number,
  promotersWith: number,
  promotersAll: number,
): Separation {
  const a = detractorsWith + 0.5
  const b = detractorsAll - detractorsWith + 0.5
  const c = promotersWith + 0.5
  const d = promotersAll - promotersWith + 0.5
  const logOdds = Math.log((a * d) / (b * c))
  const se = Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
  const lift =
    detractorsAll > 0 && promotersAll > 0 && promotersWith > 0
      ? detractorsWith / detractorsAll / (promotersWith / promotersAll)
      : null
  return { detractors: detractorsWith, promoters: promotersWith, lift, logOdds, se, z: logOdds / se }
}
