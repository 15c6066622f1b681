import type { SurveyTemplate } from './template.js'
import { allLanguages, priorityOptions, reasonQuestion, thanks, tx } from './text.js'

const npsMeaning = tx(
  'NPS = % promoters (9–10) − % detractors (0–6), from −100 to +100; 7–8 are passives. Transactional NPS tells how one touchpoint went; never mix it with relational NPS.',
  'NPS = % промоутерів (9–10) − % критиків (0–6), від −100 до +100; 7–8 — нейтральні. Транзакційний NPS показує, як пройшла одна точка контакту; не змішуйте його з відносинним NPS.',
  'NPS = % промоутеров (9–10) − % критиков (0–6), от −100 до +100; 7–8 — нейтральные. Транзакционный NPS показывает, как прошла одна точка контакта; не смешивайте его с отношенческим NPS.',
  'NPS = % promotorów (9–10) − % krytyków (0–6), od −100 do +100; 7–8 to neutralni. Transakcyjny NPS mówi, jak przebiegł jeden punkt styku; nie łącz go z relacyjnym NPS.',
  'NPS = % atbalstītāju (9–10) − % kritiķu (0–6), no −100 līdz +100; 7–8 ir neitrālie. Darījuma NPS parāda, kā noritēja viens saskarsmes punkts; nejauciet to ar attiecību NPS.',
)

export const transactionalNps: SurveyTemplate = {
  key: 'transactional_nps',
  name: tx(
    'Transactional NPS after a touchpoint',
    'Транзакційний NPS після точки контакту',
    'Транзакционный NPS после точки контакта',
    'Transakcyjny NPS po punkcie styku',
    'Darījuma NPS pēc saskarsmes punkta',
  ),
  source: 'Reichheld, F. F. (2003). The One Number You Need to Grow. Harvard Business Review 81(12).',
  meaning: npsMeaning,
  npsKind: 'transactional',
  touchpoint: 'order_delivered',
  definition: {
    defaultLanguage: 'en',
    languages: [...allLanguages],
    title: tx(
      'Your recent experience',
      'Ваш нещодавній досвід',
      'Ваш недавний опыт',
      'Twoje ostatnie doświadczenie',
      'Jūsu nesenā pieredze',
    ),
    hiddenFields: ['order_id'],
    pages: [
      {
        id: 'score',
        questions: [
          {
            id: 'nps',
            type: 'nps',
            text: tx(
              'Based on your recent experience, how likely are you to recommend us to a friend or colleague?',
              'З огляду на ваш нещодавній досвід, наскільки ймовірно, що ви порекомендуєте нас другові чи колезі?',
              'Исходя из вашего недавнего опыта, насколько вероятно, что вы порекомендуете нас другу или коллеге?',
              'Biorąc pod uwagę Twoje ostatnie doświadczenie, jak bardzo prawdopodobne jest, że polecisz nas znajomemu lub współpracownikowi?',
              'Ņemot vērā jūsu neseno pieredzi, cik ticams, ka jūs mūs ieteiktu draugam vai kolēģim?',
            ),
          },
        ],
      },
      {
        id: 'why',
        questions: [reasonQuestion],
        skip: [{ when: { question: 'nps', op: 'gte', value: 9 }, goTo: { ending: 'promoter' } }],
      },
      {
        id: 'improve',
        questions: [
          {
            id: 'improve',
            type: 'text',
            required: false,
            text: tx(
              'What one thing could we do better?',
              'Що одне ми могли б зробити краще?',
              'Что одно мы могли бы сделать лучше?',
              'Co jedno moglibyśmy zrobić lepiej?',
              'Ko vienu mēs varētu darīt labāk?',
            ),
          },
        ],
      },
    ],
    endings: [
      thanks,
      {
        id: 'promoter',
        title: tx(
          'Thank you! We are glad you would recommend us.',
          'Дякуємо! Нам приємно, що ви порекомендували б нас.',
          'Спасибо! Нам приятно, что вы порекомендовали бы нас.',
          'Dziękujemy! Cieszymy się, że chcesz nas polecić.',
          'Paldies! Mēs priecājamies, ka jūs mūs ieteiktu.',
        ),
      },
    ],
  },
}

export const relationalNps: SurveyTemplate = {
  key: 'relational_nps',
  name: tx(
    'Relational NPS (quarterly)',
    'Відносинний NPS (щокварталу)',
    'Отношенческий NPS (ежеквартально)',
    'Relacyjny NPS (kwartalnie)',
    'Attiecību NPS (reizi ceturksnī)',
  ),
  source: 'Reichheld, F. F. (2003). The One Number You Need to Grow. Harvard Business Review 81(12).',
  meaning: tx(
    'NPS = % promoters (9–10) − % detractors (0–6), from −100 to +100. Relational NPS, asked periodically, measures the whole relationship; compare it quarter to quarter, never with transactional NPS.',
    'NPS = % промоутерів (9–10) − % критиків (0–6), від −100 до +100. Відносинний NPS, який запитують періодично, вимірює стосунки загалом; порівнюйте його поквартально, але не з транзакційним NPS.',
    'NPS = % промоутеров (9–10) − % критиков (0–6), от −100 до +100. Отношенческий NPS, который задают периодически, измеряет отношения в целом; сравнивайте его поквартально, но не с транзакционным NPS.',
    'NPS = % promotorów (9–10) − % krytyków (0–6), od −100 do +100. Relacyjny NPS, zadawany okresowo, mierzy całą relację; porównuj go kwartał do kwartału, nigdy z transakcyjnym NPS.',
    'NPS = % atbalstītāju (9–10) − % kritiķu (0–6), no −100 līdz +100. Attiecību NPS, ko jautā periodiski, mēra attiecības kopumā; salīdziniet to pa ceturkšņiem, nevis ar darījuma NPS.',
  ),
  npsKind: 'relational',
  touchpoint: 'relationship',
  definition: {
    defaultLanguage: 'en',
    languages: [...allLanguages],
    title: tx(
      'How are we doing?',
      'Як ми працюємо?',
      'Как мы работаем?',
      'Jak nam idzie?',
      'Kā mums veicas?',
    ),
    pages: [
      {
        id: 'score',
        questions: [
          {
            id: 'nps',
            type: 'nps',
            text: tx(
              'How likely are you to recommend us to a friend or colleague?',
              'Наскільки ймовірно, що ви порекомендуєте нас другові чи колезі?',
              'Насколько вероятно, что вы порекомендуете нас другу или коллеге?',
              'Jak bardzo prawdopodobne jest, że polecisz nas znajomemu lub współpracownikowi?',
              'Cik ticams, ka jūs mūs ieteiktu draugam vai kolēģim?',
            ),
          },
          {
            // Repurchase intent, the third outcome of the key drivers (by this id): loyalty as intended behaviour.
            id: 'repurchase',
            type: 'rating',
            required: false,
            min: 0,
            max: 10,
            minLabel: tx(
              'Not at all likely',
              'Зовсім малоймовірно',
              'Совсем маловероятно',
              'Zupełnie nieprawdopodobne',
              'Pilnīgi maz ticams',
            ),
            maxLabel: tx(
              'Extremely likely',
              'Надзвичайно ймовірно',
              'Чрезвычайно вероятно',
              'Niezwykle prawdopodobne',
              'Ārkārtīgi ticams',
            ),
            text: tx(
              'How likely are you to buy from us again?',
              'Наскільки ймовірно, що ви знову купите в нас?',
              'Насколько вероятно, что вы снова купите у нас?',
              'Jak bardzo prawdopodobne jest, że ponownie u nas kupisz?',
              'Cik ticams, ka jūs atkal iepirksieties pie mums?',
            ),
          },
        ],
      },
      {
        id: 'why',
        questions: [
          reasonQuestion,
          {
            id: 'drivers',
            type: 'multiple',
            required: false,
            maxChoices: 2,
            text: tx(
              'What matters most in your relationship with us? (up to two)',
              'Що для вас найважливіше у співпраці з нами? (до двох)',
              'Что для вас важнее всего во взаимодействии с нами? (до двух)',
              'Co jest dla Ciebie najważniejsze we współpracy z nami? (maksymalnie dwie odpowiedzi)',
              'Kas jums ir vissvarīgākais sadarbībā ar mums? (ne vairāk kā divas atbildes)',
            ),
            options: priorityOptions,
          },
        ],
      },
    ],
    endings: [thanks],
  },
}
