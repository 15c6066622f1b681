import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { ConfigError } from './errors/config-error.js'

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4400),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  RAPPORT_DATA_DIR: z.string().default('.rapport/data'),
  SMTP_URL: z.string().optional(),
  /** Where people reach this server (links in e-mails); defaults to the address it listens on. */
  RAPPORT_PUBLIC_URL: z.url().optional(),
  /**
   * Hosts (host or host:port, comma-separated) whose Host header may build links when RAPPORT_PUBLIC_URL is
   * not set; any other Host gets the listen address.
   */
  RAPPORT_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/,
            'must be host or host:port names, comma-separated',
          ),
      ),
    ),
  /** The From address of survey e-mails. */
  SMTP_FROM: z.string().default('Rapport <surveys@localhost>'),
  RAPPORT_SECURE_COOKIES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Answers per minute per IP address on anonymous survey links, and as many on personal links (0: no limit). */
  RAPPORT_SURVEY_RATE_LIMIT: z.coerce.number().int().min(0).default(120),
  /** Where files uploaded to the import wizard wait for their import (the system's temp dir by default). */
  RAPPORT_UPLOAD_DIR: z.string().optional(),
  /** Cases: the domain of reply+… addresses, and the port of the inbound SMTP receiver (off when unset). */
  RAPPORT_INBOUND_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'must be a domain name')
    .default('localhost'),
  RAPPORT_INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Webhook receivers on loopback or private addresses are refused unless this is true (tests, a closed network). */
  RAPPORT_WEBHOOK_ALLOW_PRIVATE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
})

export type Config = z.infer<typeof configSchema> & { dataDir: string; uploadDir: string }

/** Reads the environment into a typed config; a bad value fails with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env)
  if (!parsed.success) {
    const [issue] = parsed.error.issues
    throw new ConfigError(issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid environment')
  }
  return {
    ...parsed.data,
    dataDir: resolve(parsed.data.RAPPORT_DATA_DIR),
    uploadDir: resolve(parsed.data.RAPPORT_UPLOAD_DIR ?? join(tmpdir(), 'rapport-uploads')),
  }
}
