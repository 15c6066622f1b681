import type { Language } from '../definition.js'

export interface EmailTexts {
  subject: string
  reminderSubject: string
  greeting: (name: string | null) => string
  intro: string
  reminderIntro: string
  scaleHint: string
  notLikely: string
  veryLikely: string
  start: string
  why: string
  unsubscribeSurvey: string
  unsubscribeAll: string
}

/** The words around the survey's own texts in an invitation e-mail, in every dashboard language. */
export const emailTexts: Record<Language, EmailTexts> = {
  en: {
    subject: 'A quick question: {title}',
    reminderSubject: 'Reminder: {title}',
    greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
    intro: 'We would value your opinion. It takes a minute or two.',
    reminderIntro: 'We have not heard from you yet, and your opinion matters to us.',
    scaleHint: 'Click a number to answer; you will confirm it on the next page.',
    notLikely: 'Not at all likely',
    veryLikely: 'Extremely likely',
    start: 'Start the survey',
    why: 'You receive this message because you are our customer.',
    unsubscribeSurvey: 'Unsubscribe from this survey',
    unsubscribeAll: 'Unsubscribe from all surveys',
  },
  uk: {
    subject: 'Коротке запитання: {title}',
    reminderSubject: 'Нагадування: {title}',
    greeting: (name) => (name ? `Вітаємо, ${name}!` : 'Вітаємо!'),
    intro: 'Нам важлива ваша думка. Це займе хвилину-дві.',
    reminderIntro: 'Ми ще не отримали вашої відповіді, а ваша думка для нас важлива.',
    scaleHint: 'Натисніть число, щоб відповісти; ви підтвердите його на наступній сторінці.',
    notLikely: 'Зовсім малоймовірно',
    veryLikely: 'Дуже ймовірно',
    start: 'Почати опитування',
    why: 'Ви отримали цей лист, бо ви наш клієнт.',
    unsubscribeSurvey: 'Відписатися від цього опитування',
    unsubscribeAll: 'Відписатися від усіх опитувань',
  },
  ru: {
    subject: 'Короткий вопрос: {title}',
    reminderSubject: 'Напоминание: {title}',
    greeting: (name) => (name ? `Здравствуйте, ${name}!` : 'Здравствуйте!'),
    intro: 'Нам важно ваше мнение. Это займёт минуту-две.',
    reminderIntro: 'Мы ещё не получили вашего ответа, а ваше мнение для нас важно.',
    scaleHint: 'Нажмите на число, чтобы ответить; вы подтвердите его на следующей странице.',
    notLikely: 'Совсем маловероятно',
    veryLikely: 'Очень вероятно',
    start: 'Начать опрос',
    why: 'Вы получили это письмо, потому что вы наш клиент.',
    unsubscribeSurvey: 'Отписаться от этого опроса',
    unsubscribeAll: 'Отписаться от всех опросов',
  },
  pl: {
    subject: 'Krótkie pytanie: {title}',
    reminderSubject: 'Przypomnienie: {title}',
    greeting: (name) => (name ? `Dzień dobry, ${name}!` : 'Dzień dobry!'),
    intro: 'Twoja opinia jest dla nas cenna. To zajmie minutę lub dwie.',
    reminderIntro: 'Nie otrzymaliśmy jeszcze Twojej odpowiedzi, a Twoja opinia jest dla nas ważna.',
    scaleHint: 'Kliknij liczbę, aby odpowiedzieć; potwierdzisz ją na następnej stronie.',
    notLikely: 'Zupełnie nieprawdopodobne',
    veryLikely: 'Bardzo prawdopodobne',
    start: 'Rozpocznij ankietę',
    why: 'Otrzymujesz tę wiadomość, ponieważ jesteś naszym klientem.',
    unsubscribeSurvey: 'Wypisz się z tej ankiety',
    unsubscribeAll: 'Wypisz się ze wszystkich ankiet',
  },
  lv: {
    subject: 'Īss jautājums: {title}',
    reminderSubject: 'Atgādinājums: {title}',
    greeting: (name) => (name ? `Labdien, ${name}!` : 'Labdien!'),
    intro: 'Mums ir svarīgs jūsu viedoklis. Tas aizņems minūti vai divas.',
    reminderIntro: 'Mēs vēl neesam saņēmuši jūsu atbildi, un jūsu viedoklis mums ir svarīgs.',
    scaleHint: 'Noklikšķiniet uz skaitļa, lai atbildētu; to apstiprināsiet nākamajā lapā.',
    notLikely: 'Nemaz nav ticams',
    veryLikely: 'Ļoti ticams',
    start: 'Sākt aptauju',
    why: 'Jūs saņemat šo ziņu, jo esat mūsu klients.',
    unsubscribeSurvey: 'Atteikties no šīs aptaujas',
    unsubscribeAll: 'Atteikties no visām aptaujām',
  },
}
