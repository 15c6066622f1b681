import type { Context, Hono } from 'hono'
import { z } from 'zod'
import { audited } from '../access/audit.js'
import { authorizeWorkspace } from '../access/authenticate.js'
import type { WorkspaceAccess } from '../access/workspace-access.js'
import type { Db } from '../db/db.js'
import { ApiRouter } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { notFound } from '../http/errors.js'
import { paramsWith, workspaceParams } from '../http/route-params.js'
import { toDocument } from './document.js'
import { getExperience, type OpenCasesByTouchpoint } from './experience.js'
import {
  addStage,
  changeStage,
  changeTouchpoint,
  createJourney,
  createTouchpoint,
  deleteJourney,
  deleteStage,
  deleteTouchpoint,
  getJourney,
  getTouchpoint,
  listJourneys,
  listTouchpoints,
  renameJourney,
  saveJourney,
} from './journeys.js'
import { journeyToMermaid, parseMermaidJourney } from './mermaid.js'
import { getPaths } from './paths.js'
import {
  experienceSchema,
  journeyDocument,
  journeyListSchema,
  journeyPatch,
  journeySchema,
  mermaidImport,
  pathsQuery,
  pathsSchema,
  stageInput,
  stagePatch,
  touchpointInput,
  touchpointPatch,
  touchpointSchema,
  windowQuery,
} from './schemas.js'

const base = '/workspaces/:workspaceId/journeys'
const journeyParams = paramsWith('journeyId')
const stageParams = journeyParams.extend({ stageId: z.string() })
const touchpointParams = paramsWith('touchpointId')

export interface JourneyRouteDeps {
  /** Open cases per touchpoint key, within the caller's org unit (from the cases capability). */
  openCases: OpenCasesByTouchpoint
}

/** Journeys, their stages and touchpoints; the experience layer and the actual paths; Mermaid and JSON exchange. */
export function journeyRoutes(app: Hono<AppEnv>, deps: JourneyRouteDeps): ApiRouter {
  const api = new ApiRouter(app, '/api/v1')
  const tags = ['journeys']

  // A journey reaches every org unit: editing it takes the whole workspace.
  const editor = (c: Context<AppEnv>, workspaceId: string) =>
    authorizeWorkspace(c, c.var.db, workspaceId, 'write', { wholeWorkspace: true })

  /** Makes a change and its audit entry in one transaction; a change that finds nothing is a 404 and records none. */
  async function change(
    c: Context<AppEnv>,
    access: WorkspaceAccess,
    entry: { action: string; entityType: string; entityId: string; details?: Record<string, unknown> },
    what: string,
    apply: (tx: Db) => Promise<boolean>,
  ): Promise<void> {
    await audited(
      c.var.db,
      async (tx) => {
        if (!(await apply(tx))) throw notFound(what)
      },
      { workspaceId: access.workspaceId, actor: access.actor, ...entry },
    )
  }

  api.route(
    {
      method: 'get',
      path: base,
      tags,
      params: workspaceParams,
      summary: 'The journeys of the workspace',
      response: journeyListSchema,
    },
    async (c, { params }) => {
      await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const items = await listJourneys(c.var.db, params.workspaceId)
      return c.json({ items: items.map((j) => ({ ...j, updatedAt: new Date(j.updatedAt).toISOString() })) })
    },
  )

  api.route(
    {
      method: 'post',
      path: base,
      tags,
      params: workspaceParams,
      body: journeyDocument,
      summary:
        'Create a journey, empty or from a JSON document (import): stages with touchpoints matched by key',
      response: journeySchema,
      status: 201,
    },
    async (c, { params, body }) => {
      const access = await editor(c, params.workspaceId)
      const id = await audited(
        c.var.db,
        (tx) => createJourney(tx, params.workspaceId, body),
        (journeyId) => ({
          workspaceId: params.workspaceId,
          actor: access.actor,
          action: 'journey.created',
          entityType: 'journey',
          entityId: journeyId,
          details: { name: body.name },
        }),
      )
      return c.json(await journeyOrNotFound(c.var.db, params.workspaceId, id), 201)
    },
  )

  api.route(
    {
      method: 'post',
      path: `${base}/import/mermaid`,
      tags,
      params: workspaceParams,
      body: mermaidImport,
      summary:
        'Create a journey from Mermaid `journey` text: sections are stages, tasks touchpoints, scores ignored',
      response: journeySchema,
      status: 201,
    },
    async (c, { params, body }) => {
      const access = await editor(c, params.workspaceId)
      const doc = parseMermaidJourney(body.text)
      const id = await audited(
        c.var.db,
        (tx) => createJourney(tx, params.workspaceId, doc),
        (journeyId) => ({
          workspaceId: params.workspaceId,
          actor: access.actor,
          action: 'journey.imported',
          entityType: 'journey',
          entityId: journeyId,
          details: { name: doc.name, format: 'mermaid' },
        }),
      )
      return c.json(await journeyOrNotFound(c.var.db, params.workspaceId, id), 201)
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/:journeyId`,
      tags,
      params: journeyParams,
      summary: 'A journey: its stages in order, each with its touchpoints, promises and attached surveys',
      response: journeySchema,
    },
    async (c, { params }) => {
      await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(await journeyOrNotFound(c.var.db, params.workspaceId, params.journeyId))
    },
  )

  api.route(
    {
      method: 'put',
      path: `${base}/:journeyId`,
      tags,
      params: journeyParams,
      body: journeyDocument,
      summary:
        'Save the whole journey (the editor): stages with an id are kept, touchpoints matched by key; those left out are removed from it',
      response: journeySchema,
    },
    async (c, { params, body }) => {
      const access = await editor(c, params.workspaceId)
      await change(
        c,
        access,
        {
          action: 'journey.saved',
          entityType: 'journey',
          entityId: params.journeyId,
          details: { name: body.name, stages: body.stages.length },
        },
        'journey',
        (tx) => saveJourney(tx, params.workspaceId, params.journeyId, body),
      )
      return c.json(await journeyOrNotFound(c.var.db, params.workspaceId, params.journeyId))
    },
  )

  api.route(
    {
      method: 'patch',
      path: `${base}/:journeyId`,
      tags,
      params: journeyParams,
      body: journeyPatch,
      summary: 'Rename a journey or change its description',
      response: journeySchema,
    },
    async (c, { params, body }) => {
      const access = await editor(c, params.workspaceId)
      await change(
        c,
        access,
        { action: 'journey.renamed', entityType: 'journey', entityId: params.journeyId, details: body },
        'journey',
        (tx) => renameJourney(tx, params.workspaceId, params.journeyId, body),
      )
      return c.json(await journeyOrNotFound(c.var.db, params.workspaceId, params.journeyId))
    },
  )

  api.route(
    {
      method: 'delete',
      path: `${base}/:journeyId`,
      tags,
      params: journeyParams,
      summary: 'Delete a journey; its touchpoints stay (unplaced), with their surveys',
      status: 204,
    },
    async (c, { params }) => {
      const access = await editor(c, params.workspaceId)
      await change(
        c,
        access,
        { action: 'journey.deleted', entityType: 'journey', entityId: params.journeyId },
        'journey',
        (tx) => deleteJourney(tx, params.workspaceId, params.journeyId),
      )
      return c.body(null, 204)
    },
  )

  api.route(
    {
      method: 'post',
      path: `${base}/:journeyId/stages`,
      tags,
      params: journeyParams,
      body: stageInput,
      summary: 'Add a stage at a position (absent: last); answers with the journey',
      response: journeySchema,
      status: 201,
    },
    async (c, { params, body }) => {
      const access = await editor(c, params.workspaceId)
      await change(
        c,
        access,
        { action: 'journey.stage_added', entityType: 'journey', entityId: params.journeyId, details: body },
        'journey',
        async (tx) => (await addStage(tx, params.workspaceId, params.journeyId, body)) !== undefined,
      )
      return c.json(await journeyOrNotFound(c.var.db, params.workspaceId, params.journeyId), 201)
    },
  )

  api.route(
    {
      method: 'patch',
      path: `${base}/:journeyId/stages/:stageId`,
      tags,
      params: stageParams,
      body: stagePatch,
      summary: 'Rename or move a stage; answers with the journey',
      response: journeySchema,
    },
    async (c, { params, body }) => {
      const access = await editor(c, params.workspaceId)
      await change(
        c,
        access,
        {
          action: 'journey.stage_changed',
          entityType: 'journey_stage',
          entityId: params.stageId,
          details: body,
        },
        'stage',
        (tx) => changeStage(tx, params.workspaceId, params.journeyId, params.stageId, body),
      )
      return c.json(await journeyOrNotFound(c.var.db, params.workspaceId, params.journeyId))
    },
  )

  api.route(
    {
      method: 'delete',
      path: `${base}/:journeyId/stages/:stageId`,
      tags,
      params: stageParams,
      summary: 'Delete a stage; its touchpoints stay, unplaced. Answers with the journey',
      response: journeySchema,
    },
    async (c, { params }) => {
      const access = await editor(c, params.workspaceId)
      await change(
        c,
        access,
        { action: 'journey.stage_deleted', entityType: 'journey_stage', entityId: params.stageId },
        'stage',
        (tx) => deleteStage(tx, params.workspaceId, params.journeyId, params.stageId),
      )
      return c.json(await journeyOrNotFound(c.var.db, params.workspaceId, params.journeyId))
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/:journeyId/document`,
      tags,
      params: journeyParams,
      summary: 'The journey as a JSON document (export), to import elsewhere with POST /journeys',
      response: journeyDocument,
    },
    async (c, { params }) => {
      await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(toDocument(await journeyOrNotFound(c.var.db, params.workspaceId, params.journeyId)))
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/:journeyId/mermaid`,
      tags,
      params: journeyParams,
      query: windowQuery,
      summary:
        "The journey as Mermaid `journey` text: stages as sections, touchpoints as tasks, the measured emotion as the task's score (1–5)",
      responseType: 'text/plain',
      response: z.string(),
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const journey = await journeyOrNotFound(c.var.db, params.workspaceId, params.journeyId)
      const experience = await getExperience(c.var.db, access, journey, window(query), deps.openCases)
      c.header('content-type', 'text/plain; charset=utf-8')
      return c.body(journeyToMermaid(journey, experience))
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/:journeyId/experience`,
      tags,
      params: journeyParams,
      query: windowQuery,
      summary:
        'The experience layer per touchpoint: volume, metrics with intervals, promises kept, emotion intended and measured, pain, open cases',
      response: experienceSchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const journey = await journeyOrNotFound(c.var.db, params.workspaceId, params.journeyId)
      return c.json(await getExperience(c.var.db, access, journey, window(query), deps.openCases))
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/:journeyId/paths`,
      tags,
      params: journeyParams,
      query: pathsQuery,
      summary:
        'The paths customers really take between the touchpoints: Sankey nodes and links, top paths, drop-out, time between stages, paths per segment',
      response: pathsSchema,
    },
    async (c, { params, query }) => {
      const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      const journey = await journeyOrNotFound(c.var.db, params.workspaceId, params.journeyId)
      return c.json(
        await getPaths(c.var.db, access, journey, {
          ...window(query),
          limit: query.limit,
          steps: query.steps,
        }),
      )
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/touchpoints',
      tags,
      params: workspaceParams,
      summary: 'Every touchpoint of the workspace, on a journey or not (surveys attach to these by key)',
      response: z.object({ items: z.array(touchpointSchema) }),
    },
    async (c, { params }) => {
      await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json({ items: await listTouchpoints(c.var.db, params.workspaceId) })
    },
  )

  api.route(
    {
      method: 'post',
      path: '/workspaces/:workspaceId/touchpoints',
      tags,
      params: workspaceParams,
      body: touchpointInput,
      summary: 'Create a touchpoint, on a stage (stageId, position) or unplaced; a key in use is a 409',
      response: touchpointSchema,
      status: 201,
    },
    async (c, { params, body }) => {
      const access = await editor(c, params.workspaceId)
      const id = await audited(
        c.var.db,
        (tx) => createTouchpoint(tx, params.workspaceId, body),
        (touchpointId) => ({
          workspaceId: params.workspaceId,
          actor: access.actor,
          action: 'touchpoint.created',
          entityType: 'touchpoint',
          entityId: touchpointId,
          details: { name: body.name, key: body.key ?? null, stageId: body.stageId },
        }),
      )
      return c.json(await touchpointOrNotFound(c.var.db, params.workspaceId, id), 201)
    },
  )

  api.route(
    {
      method: 'get',
      path: '/workspaces/:workspaceId/touchpoints/:touchpointId',
      tags,
      params: touchpointParams,
      summary: 'A touchpoint with its promises and surveys',
      response: touchpointSchema,
    },
    async (c, { params }) => {
      await authorizeWorkspace(c, c.var.db, params.workspaceId, 'read')
      return c.json(await touchpointOrNotFound(c.var.db, params.workspaceId, params.touchpointId))
    },
  )

  api.route(
    {
      method: 'patch',
      path: '/workspaces/:workspaceId/touchpoints/:touchpointId',
      tags,
      params: touchpointParams,
      body: touchpointPatch,
      summary:
        'Change a touchpoint: move it (stageId, position), rename it, set its owner, event types, intended emotion and thought, promises',
      response: touchpointSchema,
    },
    async (c, { params, body }) => {
      const access = await editor(c, params.workspaceId)
      await change(
        c,
        access,
        {
          action: 'touchpoint.changed',
          entityType: 'touchpoint',
          entityId: params.touchpointId,
          details: body,
        },
        'touchpoint',
        (tx) => changeTouchpoint(tx, params.workspaceId, params.touchpointId, body),
      )
      return c.json(await touchpointOrNotFound(c.var.db, params.workspaceId, params.touchpointId))
    },
  )

  api.route(
    {
      method: 'delete',
      path: '/workspaces/:workspaceId/touchpoints/:touchpointId',
      tags,
      params: touchpointParams,
      summary: 'Delete a touchpoint and its promises; its surveys keep the key as text',
      status: 204,
    },
    async (c, { params }) => {
      const access = await editor(c, params.workspaceId)
      await change(
        c,
        access,
        { action: 'touchpoint.deleted', entityType: 'touchpoint', entityId: params.touchpointId },
        'touchpoint',
        (tx) => deleteTouchpoint(tx, params.workspaceId, params.touchpointId),
      )
      return c.body(null, 204)
    },
  )

  return api
}

function window(query: z.infer<typeof windowQuery>): { from: string | null; to: string | null } {
  return { from: query.from ?? null, to: query.to ?? null }
}

async function journeyOrNotFound(db: Db, workspaceId: string, journeyId: string) {
  const journey = await getJourney(db, workspaceId, journeyId)
  if (!journey) throw notFound('journey')
  return journey
}

async function touchpointOrNotFound(db: Db, workspaceId: string, touchpointId: string) {
  const touchpoint = await getTouchpoint(db, workspaceId, touchpointId)
  if (!touchpoint) throw notFound('touchpoint')
  return touchpoint
}
