// Open-addressing hash tables over typed arrays: grouping a million customers with JS Maps keyed by
// doubles costs about a second, these a fraction of it.

const EMPTY = -1

/** Numbers each distinct double value 0, 1, 2, … in order of first appearance. */
export class DoubleIndex {
  private keys: Float64Array
  private ids: Int32Array
  private mask: number
  readonly values: number[] = []
  private readonly view = new Float64Array(1)
  private readonly bits = new Uint32Array(this.view.buffer)

  constructor(expected = 1024) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, expected * 2)))
    this.keys = new Float64Array(capacity)
    this.ids = new Int32Array(capacity).fill(EMPTY)
    this.mask = capacity - 1
  }

  id(value: number): number {
    // -0 and 0 are one value.
    const v = value === 0 ? 0 : value
    this.view[0] = v
    const h = Math.imul(this.bits[0]! ^ Math.imul(this.bits[1]!, 0x9e3779b1), 0x85ebca6b)
    // The high bits down too: a whole number's low bits are all zero, and a product keeps them zero.
    let slot = (h ^ (h >>> 16)) & this.mask
    for (;;) {
      const id = this.ids[slot]!
      if (id === EMPTY) break
      if (this.keys[slot] === v) return id
      slot = (slot + 1) & this.mask
    }
    const id = this.values.length
    this.ids[slot] = id
    this.keys[slot] = v
    this.values.push(v)
    if (this.values.length * 2 > this.mask) this.grow()
    return id
  }

  private grow(): void {
    // Numbered again in the same order, so every value keeps its id.
    const old = this.values.slice()
    this.keys = new Float64Array((this.mask + 1) * 2)
    this.ids = new Int32Array((this.mask + 1) * 2).fill(EMPTY)
    this.mask = this.keys.length - 1
    this.values.length = 0
    for (const v of old) this.id(v)
  }
}

/** Numbers each distinct tuple of non-negative int32 values; every tuple has the same length. */
export class TupleIndex {
  private keys: Int32Array
  private ids: Int32Array
  private mask: number
  count = 0

  constructor(
    private readonly width: number,
    expected = 1024,
  ) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, expected * 2)))
    this.keys = new Int32Array(capacity * width)
    this.ids = new Int32Array(capacity).fill(EMPTY)
    this.mask = capacity - 1
  }

  /** The tuple's id and whether it is new. */
  id(tuple: Int32Array | number[]): number {
    const w = this.width
    let h = 0x811c9dc5
    for (let i = 0; i < w; i++) h = Math.imul(h ^ tuple[i]!, 0x01000193)
    let slot = (Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0) & this.mask
    for (;;) {
      const id = this.ids[slot]!
      if (id === EMPTY) break
      let same = true
      for (let i = 0; i < w; i++) {
        if (this.keys[slot * w + i] !== tuple[i]) {
          same = false
          break
        }
      }
      if (same) return id
      slot = (slot + 1) & this.mask
    }
    const id = this.count++
    this.ids[slot] = id
    for (let i = 0; i < w; i++) this.keys[slot * w + i] = tuple[i]!
    if (this.count * 2 > this.mask) this.grow()
    return id
  }

  private grow(): void {
    const w = this.width
    const oldKeys = this.keys
    const oldIds = this.ids
    const capacity = (this.mask + 1) * 2
    this.keys = new Int32Array(capacity * w)
    this.ids = new Int32Array(capacity).fill(EMPTY)
    this.mask = capacity - 1
    for (let slot = 0; slot < oldIds.length; slot++) {
      const id = oldIds[slot]!
      if (id === EMPTY) continue
      let h = 0x811c9dc5
      for (let i = 0; i < w; i++) h = Math.imul(h ^ oldKeys[slot * w + i]!, 0x01000193)
      let s = (Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0) & this.mask
      while (this.ids[s] !== EMPTY) s = (s + 1) & this.mask
      this.ids[s] = id
      for (let i = 0; i < w; i++) this.keys[s * w + i] = oldKeys[slot * w + i]!
    }
  }
}
