import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { recordAudit, systemActor } from '../access/audit.js'
import { countOpenCasesByTouchpoint } from '../cases/touchpoint-cases.js'
import { CliError, resolveWorkspace, UsageError, withDb } from '../cli/context.js'
import type { Db } from '../db/db.js'
import { toDocument } from './document.js'
import { getExperience } from './experience.js'
import { createJourney, getJourney, listJourneys } from './journeys.js'
import { journeyToMermaid, parseMermaidJourney } from './mermaid.js'
import { type Journey, journeyDocument } from './schemas.js'

const workspaceOption = ['--workspace <id|name>', 'the workspace (needed when there are several)'] as const
type Format = 'json' | 'mermaid'

function formatOf(value: string | undefined, file?: string): Format {
  const format = value ?? (file && /\.(mmd|mermaid)$/i.test(file) ? 'mermaid' : 'json')
  if (format !== 'json' && format !== 'mermaid') throw new UsageError('--format: json or mermaid')
  return format
}

async function journeyOf(db: Db, workspaceId: string, id: string): Promise<Journey> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new UsageError(`'${id}' is not a journey id`)
  const journey = await getJourney(db, workspaceId, id)
  if (!journey) throw new CliError(`no journey ${id} in this workspace`)
  return journey
}

const percent = (value: number | null) => (value === null ? '-' : `${value.toFixed(1)}%`)
const signed = (value: number | null) => (value === null ? '-' : (value > 0 ? '+' : '') + value.toFixed(2))

/** `rapport journeys list|show|export|import`: the journey maps and their experience layer from the terminal. */
export function registerJourneyCommands(program: Command): void {
  const journeys = program
    .command('journeys')
    .description('customer journey maps: stages, touchpoints, promises, and what customers lived through')
  journeys
    .command('list')
    .description('the journeys of the workspace with their numbers of stages and touchpoints')
    .option(...workspaceOption)
    .action(async (o: { workspace?: string }) => {
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const items = await listJourneys(db, ws.id)
        for (const j of items)
          console.log([j.id, j.name, `${j.stages} stages`, `${j.touchpoints} touchpoints`].join('\t'))
        console.log(`${items.length} journeys`)
      })
    })
  journeys
    .command('show')
    .description(
      'one journey, stage by stage: each touchpoint with its volume, intended and measured emotion, promises kept and open cases',
    )
    .argument('<id>', 'the journey id')
    .option('--from <date>', 'first local day (YYYY-MM-DD)')
    .option('--to <date>', 'last local day (YYYY-MM-DD)')
    .option(...workspaceOption)
    .action(async (id: string, o: { from?: string; to?: string; workspace?: string }) => {
      for (const [name, value] of [
        ['--from', o.from],
        ['--to', o.to],
      ] as const)
        if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value))
          throw new UsageError(`${name}: a date YYYY-MM-DD`)
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const journey = await journeyOf(db, ws.id, id)
        const access = { workspaceId: ws.id, unitPath: null }
        const window = { from: o.from ?? null, to: o.to ?? null }
        const experience = await getExperience(db, access, journey, window, countOpenCasesByTouchpoint)
        console.log(journey.name)
        for (const stage of journey.stages) {
          const curve = experience.emotionCurve.find((e) => e.stageId === stage.id)
          console.log(
            `\n${stage.name}\temotion intended ${signed(curve?.intended ?? null)}, measured ${signed(curve?.measured.value ?? null)}`,
          )
          for (const t of experience.touchpoints.filter((x) => x.stageId === stage.id)) {
            console.log(
              [
                `  ${t.name} (${t.key})`,
                `volume ${t.volume}`,
                `emotion ${signed(t.emotion.intended)} → ${signed(t.emotion.measured.value)} (n=${t.emotion.measured.n})`,
                `open cases ${t.openCases}`,
              ].join('\t'),
            )
            for (const p of t.promises)
              console.log(
                `    promise ${p.name}: kept ${p.kept}, broken ${p.broken}, pending ${p.pending} — ${percent(p.keptRate.value)} kept`,
              )
          }
        }
      })
    })
  journeys
    .command('export')
    .description('a journey as JSON (the document POST /journeys imports) or as Mermaid `journey` text')
    .argument('<id>', 'the journey id')
    .option('--format <format>', 'json or mermaid', 'json')
    .option(...workspaceOption)
    .action(async (id: string, o: { format?: string; workspace?: string }) => {
      const format = formatOf(o.format)
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const journey = await journeyOf(db, ws.id, id)
        if (format === 'json') {
          console.log(JSON.stringify(toDocument(journey), null, 2))
          return
        }
        const access = { workspaceId: ws.id, unitPath: null }
        const experience = await getExperience(
          db,
          access,
          journey,
          { from: null, to: null },
          countOpenCasesByTouchpoint,
        )
        process.stdout.write(journeyToMermaid(journey, experience))
      })
    })
  journeys
    .command('import')
    .description(
      'create a journey from a JSON document or Mermaid `journey` text (a file, or - for standard input)',
    )
    .argument('<file>', 'the file (.json, .mmd) or -')
    .option('--format <format>', 'json or mermaid (default: from the file name, else json)')
    .option(...workspaceOption)
    .action(async (file: string, o: { format?: string; workspace?: string }) => {
      const format = formatOf(o.format, file)
      const text = file === '-' ? await readStdin() : await readFile(file, 'utf8').catch(() => null)
      if (text === null) throw new CliError(`cannot read ${file}`)
      const doc = format === 'mermaid' ? parseMermaidJourney(text) : parseJsonDocument(text)
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const id = await db.transaction(async (tx) => {
          const created = await createJourney(tx, ws.id, doc)
          await recordAudit(tx, {
            workspaceId: ws.id,
            actor: systemActor,
            action: 'journey.imported',
            entityType: 'journey',
            entityId: created,
            details: { name: doc.name, format, via: 'cli' },
          })
          return created
        })
        console.log(`imported journey ${id}: ${doc.name}, ${doc.stages.length} stages`)
      })
    })
}

function parseJsonDocument(text: string) {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new CliError('the file is not JSON')
  }
  const parsed = journeyDocument.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new CliError(`${issue?.path.join('.') || '(document)'}: ${issue?.message ?? 'invalid'}`)
  }
  return parsed.data
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}
