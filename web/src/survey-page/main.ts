import type { SurveyPageBoot } from '../../../src/surveys/page-boot.js'
import { conversationMode } from './conversation-mode.js'
import { h } from './dom.js'
import { pageMode } from './page-mode.js'
import { stateText } from './page-texts.js'
import { startSession } from './session.js'
import './survey-page.css'

// The public survey page: no framework, a few kilobytes. Form mode shows a page at a time; conversation
// mode asks one question at a time, chat-like. Each answer is saved as it is given.

function notice(root: HTMLElement, text: string, testid = 'notice'): void {
  root.replaceChildren(h('div', { class: 'card notice', 'data-testid': testid }, h('p', {}, text)))
}

function boot(root: HTMLElement): void {
  // The server embeds the boot as JSON (no inline script runs, for the Content-Security-Policy).
  const boot = JSON.parse(
    document.getElementById('survey-boot')?.textContent ?? 'null',
  ) as SurveyPageBoot | null
  if (!boot) notice(root, 'Survey not found')
  else if (boot.state !== 'open' || !boot.survey)
    notice(root, stateText(boot.texts, boot.state), `state-${boot.state}`)
  else {
    startSession(root, boot, boot.survey)
    if (boot.mode === 'conversation') conversationMode()
    else pageMode()
  }
}

const root = document.getElementById('survey')
if (root) boot(root)
