// Rapport's survey widget: one script tag, no framework. The site's backend signs who the visitor is;
// the server decides whether to ask (consent, quarantine, caps); this script only arms the triggers
// (page view, custom event, delay, exit intent) and shows the survey page in a small panel.
//
// <script src="https://rapport.example.com/widget.js" data-workspace="…" data-customer="C-1001"
//   data-token="<expiry>.<HMAC>" data-lang="uk" async></script>
// Custom events: window.Rapport.track('checkout_done') (calls made before the script loads are queued
// in window.Rapport.q).

interface Trigger {
  id: string
  on: 'page_view' | 'event' | 'delay' | 'exit_intent'
  event?: string
  delaySeconds?: number
  pathContains?: string
}

const texts: Record<string, [title: string, close: string]> = {
  en: ['We would love your feedback', 'Close'],
  uk: ['Нам важлива ваша думка', 'Закрити'],
  ru: ['Нам важно ваше мнение', 'Закрыть'],
  pl: ['Twoja opinia jest dla nas ważna', 'Zamknij'],
  lv: ['Mums ir svarīgs jūsu viedoklis', 'Aizvērt'],
}

type RapportGlobal = { q?: string[]; track?: (name: string) => void }

;(() => {
  const script = document.currentScript as HTMLScriptElement | null
  if (!script) return
  const data = script.dataset
  const origin = new URL(script.src, location.href).origin
  // data-lang, when the site gives it, is the language of the whole survey; else the server uses the customer's.
  const lang = data.lang ? data.lang.slice(0, 2).toLowerCase() : undefined
  const api = `${origin}/api/public/widget/${encodeURIComponent(data.workspace ?? '')}`
  const listeners: Record<string, Trigger[]> = {}
  let busy = false

  const ask = async (trigger: Trigger) => {
    if (busy || !data.customer || !data.token) return
    busy = true
    try {
      const response = await fetch(`${api}/ask`, {
        method: 'POST',
        // text/plain keeps this a simple request: no CORS preflight.
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ programId: trigger.id, customer: data.customer, token: data.token, lang }),
      })
      const answer = response.ok
        ? ((await response.json()) as { show?: boolean; url?: string; lang?: string | null })
        : {}
      if (answer.show && answer.url) return show(answer.url, answer.lang ?? lang)
    } catch {
      // The site must never break because feedback is unreachable.
    }
    busy = false
  }

  const show = (url: string, surveyLang: string | undefined) => {
    const [title, close] = texts[surveyLang ?? ''] ?? texts[navigator.language.slice(0, 2)] ?? texts.en!
    const panel = document.createElement('div')
    panel.setAttribute('data-rapport-widget', '')
    panel.setAttribute('role', 'dialog')
    panel.setAttribute('aria-label', title)
    panel.style.cssText =
      'position:fixed;right:16px;bottom:16px;z-index:2147483647;width:min(380px,calc(100vw - 32px));height:min(520px,calc(100vh - 32px));background:#fff;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden;font:14px system-ui,sans-serif'
    const header = document.createElement('div')
    header.style.cssText =
      'display:flex;align-items:center;justify-content:space-between;padding:10px 14px;background:#1e3a8a;color:#fff'
    const heading = document.createElement('strong')
    heading.textContent = title
    const button = document.createElement('button')
    button.type = 'button'
    button.textContent = '×'
    button.title = close
    button.setAttribute('aria-label', close)
    button.setAttribute('data-rapport-close', '')
    button.style.cssText = 'background:none;border:0;color:#fff;font-size:22px;line-height:1;cursor:pointer'
    button.onclick = () => panel.remove()
    header.append(heading, button)
    const frame = document.createElement('iframe')
    frame.src = url
    frame.title = title
    frame.setAttribute('data-rapport-survey', '')
    frame.style.cssText = 'flex:1;border:0;width:100%'
    panel.append(header, frame)
    document.body.append(panel)
  }

  const arm = (trigger: Trigger) => {
    if (trigger.pathContains && !location.pathname.includes(trigger.pathContains)) return
    if (trigger.on === 'page_view') void ask(trigger)
    else if (trigger.on === 'delay') setTimeout(() => void ask(trigger), (trigger.delaySeconds ?? 0) * 1000)
    else if (trigger.on === 'event' && trigger.event)
      listeners[trigger.event] = [...(listeners[trigger.event] ?? []), trigger]
    else if (trigger.on === 'exit_intent') {
      const leave = (e: MouseEvent) => {
        if (e.relatedTarget || e.clientY > 0) return
        document.removeEventListener('mouseout', leave)
        void ask(trigger)
      }
      document.addEventListener('mouseout', leave)
    }
  }

  const global = window as unknown as { Rapport?: RapportGlobal }
  const queued = global.Rapport?.q ?? []
  const track = (name: string) => {
    for (const trigger of listeners[name] ?? []) void ask(trigger)
  }
  global.Rapport = { track }

  fetch(`${api}/programs`)
    .then((r) => (r.ok ? (r.json() as Promise<{ programs: Trigger[] }>) : { programs: [] }))
    .then(({ programs }) => {
      programs.forEach(arm)
      queued.forEach(track)
    })
    .catch(() => {})
})()
