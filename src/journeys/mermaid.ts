import { DomainError } from '../errors/domain-error.js'
import { type Experience, type Journey, type JourneyDocumentOut, journeyDocument } from './schemas.js'

// Mermaid's `journey` diagram: `title`, `section` (a stage) and tasks `Name: score: actor, actor` (a touchpoint).
// @mermaid-js/parser (2.0.1) has no `journey` grammar yet (its parse() knows info, packet, pie, gitGraph, radar,
// treemap, … but not journey; mermaid itself parses it with a jison grammar that needs a browser), so this is a small
// strict parser of that grammar: names cannot hold # : ; or a line break, a score is a whole number 1–5.

/** Emotion −2…+2 as Mermaid's score 1–5. */
export const scoreOf = (emotion: number) => Math.min(5, Math.max(1, Math.round(emotion + 3)))

/** Text Mermaid reads as one name: no # : ; or line break, runs of spaces as one. */
function plain(name: string): string {
  return (
    name
      .replace(/[#:;\r\n]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || '-'
  )
}

/**
 * The journey as Mermaid `journey` text. A task's score is the touchpoint's measured emotion (from its answers)
 * on 1–5, else its intended emotion, else 3 (neutral); its actor is the touchpoint's channel when it has one.
 * @example journeyToMermaid(journey, experience) // 'journey\n  title Shop\n  section Delivery\n    Parcel arrives: 2: courier\n'
 */
export function journeyToMermaid(
  journey: Journey,
  experience: Pick<Experience, 'touchpoints'> | null,
): string {
  const measured = new Map(
    (experience?.touchpoints ?? []).map((t) => [t.touchpointId, t.emotion.measured.value] as const),
  )
  const lines = ['journey', `  title ${plain(journey.name)}`]
  for (const stage of journey.stages) {
    lines.push(`  section ${plain(stage.name)}`)
    for (const t of stage.touchpoints) {
      const emotion = measured.get(t.id) ?? t.intendedEmotion ?? 0
      const actors = t.channel ? `: ${plain(t.channel).replaceAll(',', ' ')}` : ''
      lines.push(`    ${plain(t.name)}: ${scoreOf(emotion)}${actors}`)
    }
  }
  return `${lines.join('\n')}\n`
}

function refuse(line: number, message: string): never {
  throw new DomainError('invalid', `line ${line}: ${message}`, 'text')
}

/**
 * A journey document from Mermaid `journey` text: the title is its name, each section a stage, each task a
 * touchpoint whose intended emotion is its score − 3 and whose channel is its actors. Anything else is refused
 * with its line number.
 */
export function parseMermaidJourney(text: string): JourneyDocumentOut {
  let name: string | null = null
  let started = false
  let inAccDescr = false
  const stages: { name: string; touchpoints: { name: string; channel: string | null; emotion: number }[] }[] =
    []
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const number = i + 1
    const line = raw.trim()
    if (inAccDescr) {
      if (line.includes('}')) inAccDescr = false
      continue
    }
    if (line === '' || line.startsWith('%%')) continue
    if (!started) {
      if (line !== 'journey') refuse(number, 'must start with "journey"')
      started = true
      continue
    }
    const keyword = /^(title|section)\s+([^#:;]+)$/.exec(line)
    if (keyword?.[1] === 'title') {
      if (name !== null) refuse(number, 'a second title')
      name = (keyword[2] ?? '').trim()
      continue
    }
    if (keyword?.[1] === 'section') {
      stages.push({ name: (keyword[2] ?? '').trim(), touchpoints: [] })
      continue
    }
    if (/^accTitle\s*:/.test(line) || /^accDescr\s*:/.test(line)) continue
    if (/^accDescr\s*\{/.test(line)) {
      inAccDescr = !line.includes('}')
      continue
    }
    const task = /^([^#:;]+):\s*([^:#;]*?)\s*(?::\s*([^#;]*))?$/.exec(line)
    if (!task) refuse(number, 'expected "title", "section" or a task "Name: score: actors"')
    const score = Number(task[2])
    if (!/^[1-5]$/.test(task[2] ?? '')) refuse(number, 'a task score must be a whole number from 1 to 5')
    const stage = stages.at(-1)
    if (!stage) refuse(number, 'a task must follow a section')
    const actors = (task[3] ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean)
      .join(', ')
    stage.touchpoints.push({ name: (task[1] ?? '').trim(), channel: actors || null, emotion: score - 3 })
  }
  if (!started) refuse(1, 'must start with "journey"')
  const parsed = journeyDocument.safeParse({
    name: name ?? 'Journey',
    stages: stages.map((s) => ({
      name: s.name,
      touchpoints: s.touchpoints.map((t) => ({
        name: t.name,
        channel: t.channel,
        intendedEmotion: t.emotion,
      })),
    })),
  })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new DomainError('invalid', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, 'text')
  }
  return parsed.data
}
