import type { z } from 'zod'
import type { previewSchema, runSchema } from '../../../../src/customers/import-routes.js'
import { ApiError, currentCsrfToken, request } from '../../api.js'

export type ImportRun = z.output<typeof runSchema>
export type ImportPreview = z.output<typeof previewSchema>
export type ImportKind = ImportRun['kind']

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`

/**
 * Uploads a file as the raw request body, reporting the share sent (XMLHttpRequest: fetch says nothing of
 * upload progress). The server streams it to disk and answers the preview.
 */
export function uploadImportFile(
  workspaceId: string,
  kind: ImportKind,
  file: File,
  onProgress: (share: number) => void,
  /** For responses: the survey the file answers. */
  surveyId?: string,
): Promise<ImportPreview> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    const params = new URLSearchParams({
      kind,
      fileName: file.name,
      ...(surveyId ? { survey: surveyId } : {}),
    })
    xhr.open('POST', `${ws(workspaceId)}/imports?${params}`)
    xhr.setRequestHeader(
      'content-type',
      file.name.toLowerCase().endsWith('.gz') ? 'application/gzip' : 'text/csv',
    )
    xhr.setRequestHeader('accept', 'application/json')
    const token = currentCsrfToken()
    if (token) xhr.setRequestHeader('x-csrf-token', token)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total)
    }
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        // An answer that is not JSON (a proxy's error page): reported by its status.
      }
      if (xhr.status === 201) return resolve(body as ImportPreview)
      const error = (body as { error?: { code?: string; message?: string } } | null)?.error
      reject(
        new ApiError(
          xhr.status,
          error?.code ?? 'http_error',
          error?.message ?? `${xhr.status} ${xhr.statusText}`,
        ),
      )
    }
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'the upload failed'))
    xhr.send(file)
  })
}

export const importApi = {
  start: (
    workspaceId: string,
    id: string,
    input: { columns: Record<string, string>; dateFormat: string; save: boolean },
  ) => request<ImportRun>('POST', `${ws(workspaceId)}/imports/${encodeURIComponent(id)}/start`, input),
  get: (workspaceId: string, id: string) =>
    request<ImportRun>('GET', `${ws(workspaceId)}/imports/${encodeURIComponent(id)}`),
  recent: (workspaceId: string) =>
    request<{ items: ImportRun[] }>('GET', `${ws(workspaceId)}/imports?limit=10`).then((r) => r.items),
}

export const badLinesUrl = (workspaceId: string, id: string) =>
  `${ws(workspaceId)}/imports/${encodeURIComponent(id)}/bad-lines.csv`
