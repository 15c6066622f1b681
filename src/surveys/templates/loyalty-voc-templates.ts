import type { SurveyTemplate } from './template.js'
import { allLanguages, priorityOptions, thanks, tx } from './text.js'

const certainlyNot = tx('Certainly not', 'Точно ні', 'Точно нет', 'Na pewno nie', 'Noteikti nē')
const certainly = tx('Certainly', 'Точно так', 'Точно да', 'Na pewno tak', 'Noteikti jā')

export const loyaltyIndexTemplate: SurveyTemplate = {
  key: 'loyalty_index',
  name: tx(
    'TRI*M-style loyalty index',
    'Індекс лояльності на кшталт TRI*M',
    'Индекс лояльности в стиле TRI*M',
    'Indeks lojalności w stylu TRI*M',
    'TRI*M veida lojalitātes indekss',
  ),
  source:
    'Modelled on the TRI*M customer retention index (TNS, now Kantar): overall satisfaction, recommendation, repurchase and competitive advantage. The default weights 0.3/0.2/0.3/0.2 are the commonly cited ones; the exact TRI*M scaling is proprietary, so this is "TRI*M-style", not TRI*M.',
  meaning: tx(
    'Index 0–100 = weighted mean of the four answers, each rescaled from 1–5 to 0–100 (weights in the survey’s scoring, editable). Above about 66 most customers are committed; below about 33 most are at risk. Track it over time and by segment.',
    'Індекс 0–100 = зважене середнє чотирьох відповідей, кожну переведено зі шкали 1–5 у 0–100 (ваги — у налаштуваннях оцінювання опитування, їх можна змінити). Понад ~66 більшість клієнтів віддані; нижче ~33 більшість під загрозою відтоку. Стежте за ним у часі та за сегментами.',
    'Индекс 0–100 = взвешенное среднее четырёх ответов, каждый переведён со шкалы 1–5 в 0–100 (веса — в настройках оценки опроса, их можно изменить). Выше ~66 большинство клиентов привержены; ниже ~33 большинство под угрозой ухода. Следите за ним во времени и по сегментам.',
    'Indeks 0–100 = średnia ważona czterech odpowiedzi, każda przeliczona ze skali 1–5 na 0–100 (wagi w ustawieniach punktacji ankiety, można je zmienić). Powyżej ok. 66 większość klientów jest zaangażowana; poniżej ok. 33 większość jest zagrożona odejściem. Śledź go w czasie i w segmentach.',
    'Indekss 0–100 = četru atbilžu svērtais vidējais, katra pārrēķināta no skalas 1–5 uz 0–100 (svari aptaujas vērtēšanas iestatījumos, tos var mainīt). Virs ~66 vairums klientu ir piesaistīti; zem ~33 vairumu apdraud aiziešana. Sekojiet tam laikā un pa segmentiem.',
  ),
  npsKind: 'relational',
  touchpoint: 'relationship',
  definition: {
    defaultLanguage: 'en',
    languages: [...allLanguages],
    title: tx('Your loyalty', 'Ваша лояльність', 'Ваша лояльность', 'Twoja lojalność', 'Jūsu lojalitāte'),
    pages: [
      {
        id: 'index',
        questions: [
          {
            id: 'satisfaction',
            type: 'csat',
            text: tx(
              'Overall, how satisfied are you with us?',
              'Загалом, наскільки ви задоволені нами?',
              'В целом, насколько вы довольны нами?',
              'Jak ogólnie oceniasz swoje zadowolenie z naszej firmy?',
              'Kopumā, kā jūs vērtējat savu apmierinātību ar mums?',
            ),
          },
          {
            id: 'recommend',
            type: 'rating',
            min: 1,
            max: 5,
            minLabel: certainlyNot,
            maxLabel: certainly,
            text: tx(
              'Would you recommend us to others?',
              'Чи порекомендували б ви нас іншим?',
              'Порекомендовали бы вы нас другим?',
              'Czy polecił(a)byś nas innym?',
              'Vai jūs ieteiktu mūs citiem?',
            ),
          },
          {
            id: 'repurchase',
            type: 'rating',
            min: 1,
            max: 5,
            minLabel: certainlyNot,
            maxLabel: certainly,
            text: tx(
              'Will you buy from us again?',
              'Чи купуватимете ви в нас знову?',
              'Будете ли вы покупать у нас снова?',
              'Czy ponownie u nas kupisz?',
              'Vai jūs atkal iepirksieties pie mums?',
            ),
          },
          {
            id: 'advantage',
            type: 'rating',
            min: 1,
            max: 5,
            minLabel: tx('Much worse', 'Набагато гірше', 'Намного хуже', 'Znacznie gorzej', 'Daudz sliktāk'),
            maxLabel: tx('Much better', 'Набагато краще', 'Намного лучше', 'Znacznie lepiej', 'Daudz labāk'),
            text: tx(
              'Compared with other companies you could choose, how do we do?',
              'Як ми виглядаємо порівняно з іншими компаніями, які ви могли б обрати?',
              'Как мы выглядим по сравнению с другими компаниями, которые вы могли бы выбрать?',
              'Jak wypadamy na tle innych firm, które masz do wyboru?',
              'Kā mēs izskatāmies salīdzinājumā ar citiem uzņēmumiem, kurus jūs varētu izvēlēties?',
            ),
          },
        ],
      },
    ],
    endings: [thanks],
    scoring: {
      index: 'loyalty_index',
      weights: { satisfaction: 0.3, recommend: 0.2, repurchase: 0.3, advantage: 0.2 },
    },
  },
}

export const vocInterviewTemplate: SurveyTemplate = {
  key: 'voc_interview',
  name: tx(
    'Voice of the customer: short interview',
    'Голос клієнта: коротке інтерв’ю',
    'Голос клиента: короткое интервью',
    'Głos klienta: krótki wywiad',
    'Klienta balss: īsa intervija',
  ),
  source:
    'The Rapport seed material: a short interview (at most four minutes) with questions grouped by impressions and expectations. Questions written by the Rapport authors.',
  meaning: tx(
    'Qualitative: read the free-text answers by theme. The impression rating (1–5) and the share of "fell short" answers show where expectations and experience part.',
    'Якісне: читайте відкриті відповіді за темами. Оцінка враження (1–5) і частка відповідей «не виправдали» показують, де очікування розходяться з досвідом.',
    'Качественное: читайте открытые ответы по темам. Оценка впечатления (1–5) и доля ответов «не оправдали» показывают, где ожидания расходятся с опытом.',
    'Jakościowe: czytaj odpowiedzi otwarte według tematów. Ocena wrażenia (1–5) i odsetek odpowiedzi „nie spełniliście” pokazują, gdzie oczekiwania rozmijają się z doświadczeniem.',
    'Kvalitatīvs: lasiet brīvās atbildes pa tēmām. Iespaida vērtējums (1–5) un atbilžu “neattaisnojāt” daļa rāda, kur gaidas atšķiras no pieredzes.',
  ),
  npsKind: 'relational',
  touchpoint: 'relationship',
  definition: {
    defaultLanguage: 'en',
    languages: [...allLanguages],
    title: tx(
      'Tell us about your experience',
      'Розкажіть про свій досвід',
      'Расскажите о своём опыте',
      'Opowiedz nam o swoich doświadczeniach',
      'Pastāstiet par savu pieredzi',
    ),
    pages: [
      {
        id: 'impressions',
        title: tx('Impressions', 'Враження', 'Впечатления', 'Wrażenia', 'Iespaidi'),
        questions: [
          {
            id: 'impression',
            type: 'rating',
            min: 1,
            max: 5,
            minLabel: tx('Very poor', 'Дуже погане', 'Очень плохое', 'Bardzo złe', 'Ļoti slikts'),
            maxLabel: tx('Excellent', 'Чудове', 'Отличное', 'Doskonałe', 'Izcils'),
            text: tx(
              'How would you rate your overall impression of us?',
              'Як би ви оцінили ваше загальне враження від нас?',
              'Как бы вы оценили ваше общее впечатление о нас?',
              'Jak oceniasz swoje ogólne wrażenie o nas?',
              'Kā jūs novērtētu savu kopējo iespaidu par mums?',
            ),
          },
          {
            id: 'liked',
            type: 'text',
            required: false,
            text: tx(
              'What did you like most?',
              'Що вам сподобалося найбільше?',
              'Что вам понравилось больше всего?',
              'Co podobało Ci się najbardziej?',
              'Kas jums patika visvairāk?',
            ),
          },
          {
            id: 'disappointed',
            type: 'text',
            required: false,
            text: tx(
              'What disappointed you?',
              'Що вас розчарувало?',
              'Что вас разочаровало?',
              'Co Cię rozczarowało?',
              'Kas jūs pievīla?',
            ),
          },
        ],
      },
      {
        id: 'expectations',
        title: tx('Expectations', 'Очікування', 'Ожидания', 'Oczekiwania', 'Gaidas'),
        questions: [
          {
            id: 'met',
            type: 'single',
            text: tx(
              'Did we meet your expectations?',
              'Чи виправдали ми ваші очікування?',
              'Оправдали ли мы ваши ожидания?',
              'Czy spełniliśmy Twoje oczekiwania?',
              'Vai mēs attaisnojām jūsu gaidas?',
            ),
            options: [
              {
                id: 'exceeded',
                label: tx(
                  'You exceeded them',
                  'Перевершили',
                  'Превзошли',
                  'Przekroczyliście je',
                  'Pārspējāt',
                ),
              },
              {
                id: 'met',
                label: tx('You met them', 'Виправдали', 'Оправдали', 'Spełniliście je', 'Attaisnojāt'),
              },
              {
                id: 'short',
                label: tx(
                  'You fell short',
                  'Не виправдали',
                  'Не оправдали',
                  'Nie spełniliście ich',
                  'Neattaisnojāt',
                ),
              },
            ],
          },
          {
            id: 'priorities',
            type: 'multiple',
            required: false,
            maxChoices: 3,
            text: tx(
              'What matters most to you? (up to three)',
              'Що для вас найважливіше? (до трьох)',
              'Что для вас важнее всего? (до трёх)',
              'Co jest dla Ciebie najważniejsze? (maksymalnie trzy odpowiedzi)',
              'Kas jums ir vissvarīgākais? (ne vairāk kā trīs atbildes)',
            ),
            options: priorityOptions,
          },
          {
            id: 'next_time',
            type: 'text',
            required: false,
            text: tx(
              'What should we do next time to meet your expectations fully?',
              'Що нам зробити наступного разу, щоб повністю виправдати ваші очікування?',
              'Что нам сделать в следующий раз, чтобы полностью оправдать ваши ожидания?',
              'Co powinniśmy zrobić następnym razem, aby w pełni spełnić Twoje oczekiwania?',
              'Kas mums nākamreiz jādara, lai pilnībā attaisnotu jūsu gaidas?',
            ),
          },
        ],
      },
    ],
    endings: [thanks],
  },
}
