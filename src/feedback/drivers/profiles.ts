/** The dimensions of the two batteries Rapport ships, in the order the templates ask them. */
export const forceDimensions = ['pleasure', 'belonging', 'clarity', 'fairness', 'control', 'status'] as const
export const commitmentDimensions = ['affective', 'normative', 'economic', 'forced', 'habitual'] as const

/** The battery question ids of the six-forces and commitment templates. */
export const batteryKeys = { forces: 'forces', commitment: 'commitment' } as const

/** Agreement on the 1–7 scale above this is "high", below it "low": 4 is the scale's neutral middle. */
export const NEUTRAL = 4

/** The dimensions in their template order when the battery is one of ours, else alphabetically. */
export function orderDimensions(battery: string, seen: Iterable<string>): string[] {
  const known: readonly string[] =
    battery === batteryKeys.forces
      ? forceDimensions
      : battery === batteryKeys.commitment
        ? commitmentDimensions
        : []
  const set = new Set(seen)
  return [...known.filter((d) => set.has(d)), ...[...set].filter((d) => !known.includes(d)).sort()]
}

/**
 * Keiningham et al. (2015): forced and economic commitment keep customers only until an alternative appears.
 * A group is at risk when either is above neutral while affective commitment is below it.
 */
export function heldWithoutAttachment(means: Readonly<Record<string, number>>): boolean {
  const affective = means.affective
  if (affective === undefined) return false
  const held = Math.max(means.forced ?? Number.NEGATIVE_INFINITY, means.economic ?? Number.NEGATIVE_INFINITY)
  return held > NEUTRAL && affective < NEUTRAL
}
