import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common'

export const PASSWORD_MIN_LENGTH = 10
export const PASSWORD_MAX_LENGTH = 200

// zxcvbn's score 2 is a million guesses or more: past the common-password lists, repeats, sequences and keyboard
// rows, while the login throttle keeps an online attacker far below that.
const MIN_SCORE = 2

const reasons: Record<string, string> = {
  topTen: 'is one of the most common passwords',
  topHundred: 'is one of the most common passwords',
  common: 'is one of the most common passwords',
  similarToCommon: 'is too close to one of the most common passwords',
  simpleRepeat: 'repeats the same characters',
  extendedRepeat: 'repeats the same few characters',
  sequences: 'is a sequence such as 1234567890 or abcdefghij',
  straightRow: 'is a row of keys on the keyboard',
  keyPattern: 'is a pattern of keys on the keyboard',
  recentYears: 'is mostly a year',
  dates: 'is mostly a date',
  userInputs: 'is too close to your e-mail address or name',
}

let estimator: ZxcvbnFactory | undefined

/** The people's details a password must not be made of. */
export interface PasswordOwner {
  email?: string
  name?: string
}

/**
 * Why a password of acceptable length is too easy to guess (the commonest passwords, repeats, sequences, the
 * owner's e-mail or name), as a message for the `password` field; undefined when it will do.
 * @example passwordWeakness('aaaaaaaaaa') // 'repeats the same characters; …'
 */
export function passwordWeakness(password: string, owner: PasswordOwner = {}): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) return undefined
  const inputs = ownerWords(owner)
  const plain = password.toLowerCase().replace(/\s+/g, '')
  if (inputs.some((word) => word.replace(/\s+/g, '') === plain)) return explain(reasons.userInputs!)
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs })
  const result = estimator.check(password, inputs)
  if (result.score >= MIN_SCORE) return undefined
  return explain(reasons[result.feedback.warning ?? ''] ?? 'is too easy to guess')
}

function ownerWords(owner: PasswordOwner): string[] {
  const email = owner.email?.trim().toLowerCase()
  const name = owner.name?.trim().toLowerCase()
  const words = [email, email?.split('@')[0], name, ...(name?.split(/\s+/) ?? [])]
  return words.filter((word): word is string => Boolean(word))
}

const explain = (reason: string) => `${reason}; choose a longer one, such as a few unrelated words`
