import type { SurveyTemplate } from './template.js'
import { agreeQuestion, allLanguages, thanks, tx } from './text.js'

export const sixForcesTemplate: SurveyTemplate = {
  key: 'six_forces',
  name: tx(
    'Six forces of customer experience',
    'Шість сил клієнтського досвіду',
    'Шесть сил клиентского опыта',
    'Sześć sił doświadczenia klienta',
    'Sešas klientu pieredzes spēkas',
  ),
  source:
    'The six forces of customer experience (pleasure, belonging, clarity, fairness, control, status) as named in the Rapport seed material; statements written by the Rapport authors.',
  meaning: tx(
    'Each force = mean agreement of its statements on 1–7 (4 is neutral). The lowest forces are where the experience fails people emotionally; compare forces, not single statements.',
    'Кожна сила = середня згода з її твердженнями за шкалою 1–7 (4 — нейтрально). Найслабші сили показують, де досвід підводить людей емоційно; порівнюйте сили, а не окремі твердження.',
    'Каждая сила = среднее согласие с её утверждениями по шкале 1–7 (4 — нейтрально). Самые слабые силы показывают, где опыт подводит людей эмоционально; сравнивайте силы, а не отдельные утверждения.',
    'Każda siła = średnia zgoda z jej stwierdzeniami na skali 1–7 (4 to neutralnie). Najsłabsze siły pokazują, gdzie doświadczenie zawodzi emocjonalnie; porównuj siły, nie pojedyncze stwierdzenia.',
    'Katra spēka = vidējā piekrišana tās apgalvojumiem skalā 1–7 (4 ir neitrāli). Vājākās spēkas rāda, kur pieredze cilvēkus emocionāli pieviļ; salīdziniet spēkas, nevis atsevišķus apgalvojumus.',
  ),
  npsKind: 'relational',
  touchpoint: 'relationship',
  definition: {
    defaultLanguage: 'en',
    languages: [...allLanguages],
    title: tx(
      'Your experience with us',
      'Ваш досвід із нами',
      'Ваш опыт взаимодействия с нами',
      'Twoje doświadczenia z nami',
      'Jūsu pieredze ar mums',
    ),
    pages: [
      {
        id: 'forces',
        questions: [
          {
            id: 'forces',
            type: 'battery',
            points: 7,
            text: agreeQuestion,
            statements: [
              {
                id: 'pleasure_1',
                text: tx(
                  'Shopping with this company is a pleasure.',
                  'Купувати в цієї компанії — задоволення.',
                  'Покупать в этой компании — удовольствие.',
                  'Zakupy w tej firmie to przyjemność.',
                  'Iepirkties šajā uzņēmumā ir patīkami.',
                ),
              },
              {
                id: 'belonging_1',
                text: tx(
                  'I feel I belong among this company’s customers.',
                  'Я відчуваю належність до спільноти клієнтів цієї компанії.',
                  'Я чувствую принадлежность к сообществу клиентов этой компании.',
                  'Czuję, że należę do grona klientów tej firmy.',
                  'Es izjūtu piederību šī uzņēmuma klientu lokam.',
                ),
              },
              {
                id: 'clarity_1',
                text: tx(
                  'I always know what to expect from this company.',
                  'Я завжди знаю, чого очікувати від цієї компанії.',
                  'Я всегда знаю, чего ожидать от этой компании.',
                  'Zawsze wiem, czego mogę się spodziewać po tej firmie.',
                  'Es vienmēr zinu, ko sagaidīt no šī uzņēmuma.',
                ),
              },
              {
                id: 'clarity_2',
                text: tx(
                  'Prices, terms and delivery times are clear to me.',
                  'Ціни, умови й терміни доставки мені зрозумілі.',
                  'Цены, условия и сроки доставки мне понятны.',
                  'Ceny, warunki i terminy dostawy są dla mnie jasne.',
                  'Cenas, noteikumi un piegādes termiņi man ir skaidri.',
                ),
              },
              {
                id: 'fairness_1',
                text: tx(
                  'This company treats me fairly.',
                  'Ця компанія ставиться до мене чесно.',
                  'Эта компания относится ко мне честно.',
                  'Ta firma traktuje mnie uczciwie.',
                  'Šis uzņēmums pret mani izturas godīgi.',
                ),
              },
              {
                id: 'fairness_2',
                text: tx(
                  'The prices I pay are fair for what I get.',
                  'Ціни, які я плачу, справедливі щодо того, що я отримую.',
                  'Цены, которые я плачу, справедливы за то, что я получаю.',
                  'Ceny, które płacę, są uczciwe w stosunku do tego, co otrzymuję.',
                  'Cenas, ko maksāju, ir taisnīgas attiecībā pret to, ko saņemu.',
                ),
              },
              {
                id: 'control_1',
                text: tx(
                  'When dealing with this company, I feel in control.',
                  'Взаємодіючи з цією компанією, я відчуваю, що все під моїм контролем.',
                  'Взаимодействуя с этой компанией, я чувствую, что всё под моим контролем.',
                  'W kontaktach z tą firmą czuję, że mam wszystko pod kontrolą.',
                  'Saskarsmē ar šo uzņēmumu es jūtu, ka viss ir manā kontrolē.',
                ),
              },
              {
                id: 'control_2',
                text: tx(
                  'I can easily change or cancel my order.',
                  'Я можу легко змінити або скасувати своє замовлення.',
                  'Я могу легко изменить или отменить свой заказ.',
                  'Mogę łatwo zmienić lub anulować zamówienie.',
                  'Es varu viegli mainīt vai atcelt savu pasūtījumu.',
                ),
              },
              {
                id: 'status_1',
                text: tx(
                  'This company makes me feel valued.',
                  'Ця компанія дає мені відчути, що мене цінують.',
                  'Эта компания даёт мне почувствовать, что меня ценят.',
                  'W tej firmie czuję, że się mnie docenia.',
                  'Šajā uzņēmumā es jūtu, ka mani novērtē.',
                ),
              },
              {
                id: 'status_2',
                text: tx(
                  'Being a customer here says something good about me.',
                  'Те, що я клієнт цієї компанії, добре мене характеризує.',
                  'То, что я клиент этой компании, характеризует меня с хорошей стороны.',
                  'Bycie klientem tej firmy dobrze o mnie świadczy.',
                  'Tas, ka esmu šī uzņēmuma klients, par mani liecina labu.',
                ),
              },
            ],
          },
        ],
      },
    ],
    endings: [thanks],
  },
}

export const commitmentTemplate: SurveyTemplate = {
  key: 'commitment',
  name: tx(
    'Five-component commitment',
    'П’ятикомпонентна прихильність',
    'Пятикомпонентная приверженность',
    'Pięcioskładnikowe zaangażowanie',
    'Piecu komponentu piesaiste',
  ),
  source:
    'After Keiningham, T. L., Frennea, C. M., Aksoy, L., Buoye, A. & Mittal, V. (2015). A Five-Component Customer Commitment Model. Journal of Service Research 18(4), 433–450. Statements written by the Rapport authors, not the published scale.',
  meaning: tx(
    'Each component = mean agreement of its statements on 1–7. Affective and normative commitment raise repurchase; economic and forced commitment keep people only while they have no choice; habitual commitment is inertia. Read the profile, not one total.',
    'Кожен компонент = середня згода з його твердженнями за шкалою 1–7. Афективна й нормативна прихильність підвищують повторні покупки; економічна й вимушена тримають людей лише доки немає вибору; звична — це інерція. Дивіться на профіль, а не на одну суму.',
    'Каждый компонент = среднее согласие с его утверждениями по шкале 1–7. Аффективная и нормативная приверженность повышают повторные покупки; экономическая и вынужденная удерживают людей, лишь пока нет выбора; привычная — это инерция. Смотрите на профиль, а не на одну сумму.',
    'Każdy składnik = średnia zgoda z jego stwierdzeniami na skali 1–7. Zaangażowanie afektywne i normatywne sprzyja ponownym zakupom; ekonomiczne i wymuszone trzyma ludzi tylko, dopóki nie mają wyboru; nawykowe to inercja. Czytaj profil, nie jedną sumę.',
    'Katrs komponents = vidējā piekrišana tā apgalvojumiem skalā 1–7. Afektīvā un normatīvā piesaiste veicina atkārtotus pirkumus; ekonomiskā un piespiedu piesaiste notur cilvēkus tikai, kamēr nav izvēles; ieraduma piesaiste ir inerce. Skatieties profilu, nevis vienu summu.',
  ),
  npsKind: 'relational',
  touchpoint: 'relationship',
  definition: {
    defaultLanguage: 'en',
    languages: [...allLanguages],
    title: tx('You and us', 'Ви і ми', 'Вы и мы', 'Ty i my', 'Jūs un mēs'),
    pages: [
      {
        id: 'commitment',
        questions: [
          {
            id: 'commitment',
            type: 'battery',
            points: 7,
            text: agreeQuestion,
            statements: [
              {
                id: 'affective_1',
                text: tx(
                  'I feel emotionally attached to this company.',
                  'Я відчуваю емоційну прив’язаність до цієї компанії.',
                  'Я чувствую эмоциональную привязанность к этой компании.',
                  'Mam z tą firmą więź emocjonalną.',
                  'Es jūtu emocionālu piesaisti šim uzņēmumam.',
                ),
              },
              {
                id: 'affective_2',
                text: tx(
                  'I really like doing business with this company.',
                  'Мені справді подобається мати справу з цією компанією.',
                  'Мне действительно нравится иметь дело с этой компанией.',
                  'Naprawdę lubię robić interesy z tą firmą.',
                  'Man patiešām patīk sadarboties ar šo uzņēmumu.',
                ),
              },
              {
                id: 'affective_3',
                text: tx(
                  'This company means a lot to me.',
                  'Ця компанія багато для мене означає.',
                  'Эта компания много для меня значит.',
                  'Ta firma wiele dla mnie znaczy.',
                  'Šis uzņēmums man daudz nozīmē.',
                ),
              },
              {
                id: 'normative_1',
                text: tx(
                  'I feel a moral obligation to keep doing business with this company.',
                  'Я відчуваю моральний обов’язок і далі співпрацювати з цією компанією.',
                  'Я чувствую моральный долг и дальше сотрудничать с этой компанией.',
                  'Czuję moralny obowiązek, by nadal korzystać z usług tej firmy.',
                  'Es jūtu morālu pienākumu turpināt sadarbību ar šo uzņēmumu.',
                ),
              },
              {
                id: 'normative_2',
                text: tx(
                  'It would not be right to leave this company after all it has done for me.',
                  'Було б неправильно піти від цієї компанії після всього, що вона для мене зробила.',
                  'Было бы неправильно уйти от этой компании после всего, что она для меня сделала.',
                  'Odejście od tej firmy po tym wszystkim, co dla mnie zrobiła, nie byłoby w porządku.',
                  'Nebūtu pareizi pamest šo uzņēmumu pēc visa, ko tas man ir darījis.',
                ),
              },
              {
                id: 'economic_1',
                text: tx(
                  'Switching to another company would cost me too much.',
                  'Перехід до іншої компанії коштував би мені надто дорого.',
                  'Переход в другую компанию обошёлся бы мне слишком дорого.',
                  'Przejście do innej firmy kosztowałoby mnie zbyt wiele.',
                  'Pāreja uz citu uzņēmumu man izmaksātu pārāk dārgi.',
                ),
              },
              {
                id: 'economic_2',
                text: tx(
                  'Leaving this company would mean losing benefits I have built up here.',
                  'Відмова від цієї компанії означала б втрату накопичених тут переваг.',
                  'Отказ от этой компании означал бы потерю накопленных здесь преимуществ.',
                  'Rezygnacja z tej firmy oznaczałaby utratę zgromadzonych tu korzyści.',
                  'Aizejot no šī uzņēmuma, es zaudētu šeit uzkrātās priekšrocības.',
                ),
              },
              {
                id: 'forced_1',
                text: tx(
                  'I stay with this company because I have no real alternative.',
                  'Я залишаюся з цією компанією, бо не маю реальної альтернативи.',
                  'Я остаюсь с этой компанией, потому что у меня нет реальной альтернативы.',
                  'Zostaję przy tej firmie, bo nie mam realnej alternatywy.',
                  'Es palieku pie šī uzņēmuma, jo man nav reālas alternatīvas.',
                ),
              },
              {
                id: 'forced_2',
                text: tx(
                  'Circumstances leave me little choice but to use this company.',
                  'Обставини майже не лишають мені вибору, окрім цієї компанії.',
                  'Обстоятельства почти не оставляют мне выбора, кроме этой компании.',
                  'Okoliczności nie zostawiają mi dużego wyboru poza tą firmą.',
                  'Apstākļi man neatstāj lielas izvēles, kā vien izmantot šo uzņēmumu.',
                ),
              },
              {
                id: 'habitual_1',
                text: tx(
                  'Buying from this company has become a habit for me.',
                  'Купувати в цієї компанії стало для мене звичкою.',
                  'Покупать в этой компании стало для меня привычкой.',
                  'Kupowanie w tej firmie stało się moim nawykiem.',
                  'Iepirkšanās šajā uzņēmumā man ir kļuvusi par ieradumu.',
                ),
              },
              {
                id: 'habitual_2',
                text: tx(
                  'I choose this company without really thinking about it.',
                  'Я обираю цю компанію, майже не замислюючись.',
                  'Я выбираю эту компанию, почти не задумываясь.',
                  'Wybieram tę firmę właściwie bez zastanowienia.',
                  'Es izvēlos šo uzņēmumu, gandrīz par to nedomājot.',
                ),
              },
            ],
          },
        ],
      },
    ],
    endings: [thanks],
  },
}
