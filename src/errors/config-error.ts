/** A bad environment variable, named in the message. */
export class ConfigError extends Error {}
