import type { Command } from 'commander'
import { audited, systemActor } from '../access/audit.js'
import { CliError, resolveWorkspace, withDb } from '../cli/context.js'
import type { Db } from '../db/db.js'
import { archiveSurvey, listSurveys, type SurveyListItem } from './surveys.js'

const workspaceOption = ['--workspace <id|name>', 'the workspace (needed when there are several)'] as const

/** `rapport surveys list|archive|restore`: the survey list, and archiving from the terminal. */
export function registerSurveyCommands(program: Command): void {
  const surveys = program.command('surveys').description('surveys: the list, archive and restore')
  surveys
    .command('list')
    .description('the surveys, newest first: id, status, completed / started responses, name')
    .option('--archived', 'the archived surveys instead of the active list')
    .option(...workspaceOption)
    .action(async (o: { archived?: boolean; workspace?: string }) => {
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const items = await listSurveys(db, ws.id, { archived: o.archived === true })
        for (const s of items)
          console.log([s.id, s.status, `${s.completed}/${s.responses}`, s.name].join('\t'))
        const noun = items.length === 1 ? 'survey' : 'surveys'
        console.log(`${items.length} ${o.archived ? 'archived ' : ''}${noun}`)
      })
    })
  for (const [verb, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const)
    surveys
      .command(verb)
      .description(
        archived
          ? 'archive a survey: out of the list, its links say "closed", its programs invite nobody'
          : 'bring an archived survey back to the list, with the status it had',
      )
      .argument('<survey>', 'the survey, by id or exact name')
      .option(...workspaceOption)
      .action(async (wanted: string, o: { workspace?: string }) => {
        await withDb(async (db) => {
          const ws = await resolveWorkspace(db, o.workspace)
          const target = await findSurvey(db, ws.id, wanted, !archived)
          const survey = await audited(db, (tx) => archiveSurvey(tx, ws.id, target.id, archived), {
            workspaceId: ws.id,
            actor: systemActor,
            action: `survey.${verb}`,
            entityType: 'survey',
            entityId: target.id,
            details: { via: 'cli' },
          })
          console.log(`${archived ? 'archived' : 'restored'} ${survey!.name} (${survey!.status})`)
        })
      })
}

/** A survey of the list it is in (archived or not) by id or exact name; an ambiguous name is refused. */
async function findSurvey(
  db: Db,
  workspaceId: string,
  wanted: string,
  archived: boolean,
): Promise<SurveyListItem> {
  const items = await listSurveys(db, workspaceId, { archived })
  const found = items.filter((s) => s.id === wanted || s.name === wanted)
  if (found.length > 1) throw new CliError(`several surveys are named '${wanted}': give its id`)
  if (found[0]) return found[0]
  const other = await listSurveys(db, workspaceId, { archived: !archived })
  if (other.some((s) => s.id === wanted || s.name === wanted))
    throw new CliError(`'${wanted}' is ${archived ? 'not archived' : 'already archived'}`)
  throw new CliError(`no survey '${wanted}' in this workspace`)
}
