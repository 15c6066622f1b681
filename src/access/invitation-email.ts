// The invitation e-mail in the workspace's default language (English when it has none of these).

type Words = { subject: string; body: string; button: string; expires: string }

const words: Record<string, Words> = {
  en: {
    subject: 'You are invited to {workspace} on Rapport',
    body: '{inviter} invites you to the workspace {workspace} on Rapport as {role}.',
    button: 'Accept the invitation',
    expires: 'The link is valid for {days} days.',
  },
  uk: {
    subject: 'Вас запрошено до {workspace} у Rapport',
    body: '{inviter} запрошує вас до робочого простору {workspace} у Rapport з роллю {role}.',
    button: 'Прийняти запрошення',
    expires: 'Посилання дійсне {days} днів.',
  },
  ru: {
    subject: 'Вас пригласили в {workspace} в Rapport',
    body: '{inviter} приглашает вас в рабочее пространство {workspace} в Rapport с ролью {role}.',
    button: 'Принять приглашение',
    expires: 'Ссылка действительна {days} дней.',
  },
  pl: {
    subject: 'Zaproszenie do {workspace} w Rapport',
    body: '{inviter} zaprasza Cię do przestrzeni roboczej {workspace} w Rapport z rolą {role}.',
    button: 'Przyjmij zaproszenie',
    expires: 'Link jest ważny przez {days} dni.',
  },
  lv: {
    subject: 'Jūs esat uzaicināts uz {workspace} Rapport',
    body: '{inviter} aicina jūs uz darbvietu {workspace} Rapport ar lomu {role}.',
    button: 'Pieņemt uzaicinājumu',
    expires: 'Saite ir derīga {days} dienas.',
  },
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

/** Subject, text and HTML of the e-mail that carries an invitation link. */
export function invitationEmail(input: {
  language: string
  workspace: string
  inviter: string
  role: string
  link: string
  days: number
}): { subject: string; text: string; html: string } {
  const w = words[input.language] ?? words.en!
  const fill = (text: string) =>
    text
      .replace('{workspace}', input.workspace)
      .replace('{inviter}', input.inviter)
      .replace('{role}', input.role)
      .replace('{days}', String(input.days))
  const body = fill(w.body)
  const expires = fill(w.expires)
  return {
    subject: fill(w.subject).replace(/[\r\n]+/g, ' '),
    text: `${body}\n\n${w.button}: ${input.link}\n\n${expires}\n`,
    html: `<p>${escapeHtml(body)}</p><p><a href="${escapeHtml(input.link)}">${escapeHtml(w.button)}</a></p><p>${escapeHtml(expires)}</p>`,
  }
}
