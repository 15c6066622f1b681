import type { SurveyTemplate } from './template.js'
import { allLanguages, thanks, tx } from './text.js'

export const csatTemplate: SurveyTemplate = {
  key: 'csat',
  name: tx(
    'CSAT at a touchpoint',
    'CSAT у точці контакту',
    'CSAT в точке контакта',
    'CSAT w punkcie styku',
    'CSAT saskarsmes punktā',
  ),
  source:
    'Customer satisfaction on a 5-point scale, reported as top-2-box (as in the American Customer Satisfaction Index practice; Fornell et al., 1996, Journal of Marketing 60(4)).',
  meaning: tx(
    'CSAT = % of answers 4 or 5 on the 1–5 scale (top-2-box), 0–100%. It measures how this touchpoint felt, not loyalty.',
    'CSAT = % відповідей 4 або 5 за шкалою 1–5 (top-2-box), 0–100%. Показує, як сприйнято цю точку контакту, а не лояльність.',
    'CSAT = % ответов 4 или 5 по шкале 1–5 (top-2-box), 0–100%. Показывает, как воспринята эта точка контакта, а не лояльность.',
    'CSAT = % odpowiedzi 4 lub 5 na skali 1–5 (top-2-box), 0–100%. Mierzy odbiór tego punktu styku, a nie lojalność.',
    'CSAT = % atbilžu 4 vai 5 skalā 1–5 (top-2-box), 0–100%. Tas parāda, kā tika uztverts šis saskarsmes punkts, nevis lojalitāti.',
  ),
  npsKind: 'transactional',
  touchpoint: 'store_visit',
  definition: {
    defaultLanguage: 'en',
    languages: [...allLanguages],
    title: tx('Your visit', 'Ваш візит', 'Ваш визит', 'Twoja wizyta', 'Jūsu apmeklējums'),
    pages: [
      {
        id: 'satisfaction',
        questions: [
          {
            id: 'csat',
            type: 'csat',
            text: tx(
              'How satisfied are you with your latest experience with us?',
              'Наскільки ви задоволені останньою взаємодією з нами?',
              'Насколько вы довольны последним взаимодействием с нами?',
              'Jak oceniasz swoje zadowolenie z ostatniego kontaktu z nami?',
              'Kā jūs vērtējat savu apmierinātību ar pēdējo saskarsmi ar mums?',
            ),
          },
          {
            id: 'better',
            type: 'text',
            required: false,
            text: tx(
              'What could we have done better?',
              'Що ми могли зробити краще?',
              'Что мы могли бы сделать лучше?',
              'Co mogliśmy zrobić lepiej?',
              'Ko mēs varējām izdarīt labāk?',
            ),
          },
        ],
      },
    ],
    endings: [thanks],
  },
}

export const cesTemplate: SurveyTemplate = {
  key: 'ces',
  name: tx(
    'CES after a support contact',
    'CES після звернення до підтримки',
    'CES после обращения в поддержку',
    'CES po kontakcie z obsługą',
    'CES pēc saziņas ar atbalsta dienestu',
  ),
  source:
    'Customer Effort Score 2.0 (CEB, 2013), after Dixon, M., Freeman, K. & Toman, N. (2010). Stop Trying to Delight Your Customers. Harvard Business Review 88(7/8).',
  meaning: tx(
    'CES = mean agreement on 1–7 (or % answering 5–7) with "the company made it easy for me to handle my issue". Higher is less effort; low effort predicts repurchase better than delight.',
    'CES = середня згода за шкалою 1–7 (або % відповідей 5–7) з твердженням «компанія полегшила мені вирішення мого питання». Вищий бал — менше зусиль; низькі зусилля краще прогнозують повторні покупки, ніж захват.',
    'CES = среднее согласие по шкале 1–7 (или % ответов 5–7) с утверждением «компания облегчила мне решение моего вопроса». Выше балл — меньше усилий; низкие усилия лучше предсказывают повторные покупки, чем восторг.',
    'CES = średnia zgoda na skali 1–7 (lub % odpowiedzi 5–7) ze stwierdzeniem „firma ułatwiła mi załatwienie mojej sprawy”. Wyżej znaczy mniej wysiłku; mały wysiłek lepiej przewiduje ponowny zakup niż zachwyt.',
    'CES = vidējā piekrišana skalā 1–7 (vai % atbilžu 5–7) apgalvojumam “uzņēmums man atviegloja mana jautājuma risināšanu”. Augstāks nozīmē mazāk pūļu; mazas pūles labāk prognozē atkārtotu pirkumu nekā sajūsma.',
  ),
  npsKind: 'transactional',
  touchpoint: 'ticket_closed',
  definition: {
    defaultLanguage: 'en',
    languages: [...allLanguages],
    title: tx(
      'Your support request',
      'Ваше звернення',
      'Ваше обращение',
      'Twoje zgłoszenie',
      'Jūsu pieprasījums',
    ),
    hiddenFields: ['ticket_id'],
    pages: [
      {
        id: 'effort',
        questions: [
          {
            id: 'ces',
            type: 'ces',
            text: tx(
              'The company made it easy for me to handle my issue.',
              'Компанія полегшила мені вирішення мого питання.',
              'Компания облегчила мне решение моего вопроса.',
              'Firma ułatwiła mi załatwienie mojej sprawy.',
              'Uzņēmums man atviegloja mana jautājuma risināšanu.',
            ),
          },
          {
            id: 'resolved',
            type: 'single',
            text: tx(
              'Was your issue resolved?',
              'Чи вирішено ваше питання?',
              'Решён ли ваш вопрос?',
              'Czy Twoja sprawa została rozwiązana?',
              'Vai jūsu jautājums tika atrisināts?',
            ),
            options: [
              { id: 'yes', label: tx('Yes', 'Так', 'Да', 'Tak', 'Jā') },
              { id: 'partly', label: tx('Partly', 'Частково', 'Частично', 'Częściowo', 'Daļēji') },
              { id: 'no', label: tx('No', 'Ні', 'Нет', 'Nie', 'Nē') },
            ],
          },
        ],
        skip: [{ when: { question: 'ces', op: 'gte', value: 6 }, goTo: { ending: 'thanks' } }],
      },
      {
        id: 'harder',
        questions: [
          {
            id: 'harder',
            type: 'text',
            required: false,
            text: tx(
              'What made it harder than it should have been?',
              'Що зробило це складнішим, ніж мало бути?',
              'Что сделало это сложнее, чем должно было быть?',
              'Co sprawiło, że było trudniej, niż powinno?',
              'Kas to padarīja grūtāku, nekā vajadzētu?',
            ),
          },
        ],
      },
    ],
    endings: [thanks],
  },
}
