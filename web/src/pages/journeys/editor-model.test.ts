import { expect, test } from 'vitest'
import {
  addStage,
  addTouchpoint,
  type Draft,
  documentOf,
  moveStage,
  moveTouchpoint,
  newTouchpoint,
  placeTouchpoint,
  removeStage,
} from './editor-model.js'

// The editor's moves on a hand-made working copy: every expected order below is written out by hand.

function draft(): Draft {
  let d: Draft = { name: 'Shop', description: '', stages: [] }
  for (const stage of ['Purchase', 'Delivery', 'Support']) d = addStage(d, stage)
  const [purchase, delivery] = d.stages
  for (const name of ['Cart', 'Checkout', 'Payment'])
    d = addTouchpoint(d, purchase!.uid, { ...newTouchpoint(name), uid: name })
  d = addTouchpoint(d, delivery!.uid, { ...newTouchpoint('Parcel'), uid: 'Parcel' })
  return d
}

const layout = (d: Draft) => d.stages.map((s) => `${s.name}: ${s.touchpoints.map((t) => t.name).join(' ')}`)

test('moving a touchpoint up, down, to the stage after and before keeps every other in its order', () => {
  let d = draft()
  d = moveTouchpoint(d, 'Payment', 'up')
  expect(layout(d)).toEqual(['Purchase: Cart Payment Checkout', 'Delivery: Parcel', 'Support: '])
  d = moveTouchpoint(d, 'Cart', 'up')
  expect(layout(d)[0]).toBe('Purchase: Cart Payment Checkout')
  d = moveTouchpoint(d, 'Payment', 'right')
  // It keeps its place (index 1) where the next stage has room for it.
  expect(layout(d)).toEqual(['Purchase: Cart Checkout', 'Delivery: Parcel Payment', 'Support: '])
  d = moveTouchpoint(d, 'Parcel', 'right')
  d = moveTouchpoint(d, 'Parcel', 'right')
  expect(layout(d)).toEqual(['Purchase: Cart Checkout', 'Delivery: Payment', 'Support: Parcel'])
  d = moveTouchpoint(d, 'Checkout', 'left')
  expect(layout(d)[0]).toBe('Purchase: Cart Checkout')
})

test('a drop puts the touchpoint before the one it lands on, also within its own stage', () => {
  let d = draft()
  const [purchase, delivery] = d.stages
  d = placeTouchpoint(d, 'Cart', purchase!.uid, 3)
  expect(layout(d)[0]).toBe('Purchase: Checkout Payment Cart')
  d = placeTouchpoint(d, 'Cart', purchase!.uid, 0)
  expect(layout(d)[0]).toBe('Purchase: Cart Checkout Payment')
  d = placeTouchpoint(d, 'Checkout', delivery!.uid, 0)
  expect(layout(d)).toEqual(['Purchase: Cart Payment', 'Delivery: Checkout Parcel', 'Support: '])
})

test('stages move within bounds and are removed with their touchpoints off the document', () => {
  let d = draft()
  const [purchase, , support] = d.stages
  d = moveStage(d, purchase!.uid, -1)
  expect(d.stages.map((s) => s.name)).toEqual(['Purchase', 'Delivery', 'Support'])
  d = moveStage(d, support!.uid, -1)
  expect(d.stages.map((s) => s.name)).toEqual(['Purchase', 'Support', 'Delivery'])
  d = removeStage(d, purchase!.uid)
  expect(documentOf(d).stages?.map((s) => s.name)).toEqual(['Support', 'Delivery'])
})

test('the saved document sends empty texts as null, keeps saved ids and keys, and leaves new ones out', () => {
  let d = draft()
  d = { ...d, stages: d.stages.map((s, i) => (i === 0 ? { ...s, id: 'stage-1' } : s)) }
  d = {
    ...d,
    stages: d.stages.map((s) => ({
      ...s,
      touchpoints: s.touchpoints.map((t) => (t.name === 'Cart' ? { ...t, key: 'cart', channel: '  ' } : t)),
    })),
  }
  const doc = documentOf(d)
  expect(doc.description).toBeNull()
  expect(doc.stages?.[0]).toMatchObject({ id: 'stage-1', name: 'Purchase' })
  expect(doc.stages?.[1]).not.toHaveProperty('id')
  expect(doc.stages?.[0]?.touchpoints?.[0]).toMatchObject({ key: 'cart', name: 'Cart', channel: null })
  expect(doc.stages?.[0]?.touchpoints?.[1]).not.toHaveProperty('key')
})
