import type { DemoLanguage } from '../names.js'

type Said = Record<DemoLanguage, string>

const say = (en: string, uk: string, ru: string, pl: string, lv: string): Said => ({ en, uk, ru, pl, lv })

/** What demo customers write, by theme, in the five languages of the shop's customers. */
export const comments = {
  quality: [
    say(
      'The coffee is excellent, fresh and well roasted.',
      'Кава чудова, свіжа й добре обсмажена.',
      'Кофе отличный, свежий и хорошо обжаренный.',
      'Kawa jest znakomita, świeża i dobrze wypalona.',
      'Kafija ir lieliska, svaiga un labi grauzdēta.',
    ),
    say(
      'Great tea selection, the quality is always the same.',
      'Чудовий вибір чаю, якість завжди однакова.',
      'Отличный выбор чая, качество всегда одинаковое.',
      'Świetny wybór herbat, jakość zawsze taka sama.',
      'Lieliska tēju izvēle, kvalitāte vienmēr vienāda.',
    ),
  ],
  fast: [
    say(
      'Delivered quickly and packed with care.',
      'Доставили швидко й дбайливо запакували.',
      'Доставили быстро и аккуратно упаковали.',
      'Dostawa szybka, paczka starannie zapakowana.',
      'Piegāde bija ātra, un sūtījums rūpīgi iepakots.',
    ),
  ],
  service: [
    say(
      'Friendly staff who know their coffee.',
      'Привітний персонал, який знається на каві.',
      'Приветливый персонал, который разбирается в кофе.',
      'Miła obsługa, która zna się na kawie.',
      'Laipns personāls, kas labi pārzina kafiju.',
    ),
  ],
  late: [
    say(
      'The parcel was several days late and nobody told me why.',
      'Посилка запізнилася на кілька днів, і ніхто не пояснив чому.',
      'Посылка опоздала на несколько дней, и никто не объяснил почему.',
      'Paczka spóźniła się kilka dni i nikt nie wyjaśnił dlaczego.',
      'Sūtījums kavējās vairākas dienas, un neviens nepaskaidroja, kāpēc.',
    ),
    say(
      'Delivery took far too long.',
      'Доставка тривала надто довго.',
      'Доставка заняла слишком много времени.',
      'Dostawa trwała zdecydowanie za długo.',
      'Piegāde aizņēma pārāk ilgu laiku.',
    ),
  ],
  courier: [
    say(
      'The courier left the parcel at the door without calling.',
      "Кур'єр залишив посилку під дверима, не зателефонувавши.",
      'Курьер оставил посылку под дверью, не позвонив.',
      'Kurier zostawił paczkę pod drzwiami bez telefonu.',
      'Kurjers atstāja sūtījumu pie durvīm, nepiezvanījis.',
    ),
  ],
  price: [
    say(
      'Good coffee, but the prices went up again.',
      'Кава хороша, але ціни знову зросли.',
      'Кофе хороший, но цены снова выросли.',
      'Dobra kawa, ale ceny znowu poszły w górę.',
      'Laba kafija, bet cenas atkal pieauga.',
    ),
  ],
  damaged: [
    say(
      'One bag arrived torn and the beans were spilled.',
      'Одна пачка прийшла розірваною, зерна розсипалися.',
      'Одна пачка пришла порванной, зерна рассыпались.',
      'Jedna paczka przyszła rozerwana, ziarna się wysypały.',
      'Viens iepakojums atnāca saplēsts, pupiņas bija izbirušas.',
    ),
  ],
  support_good: [
    say(
      'The support agent solved my problem in one call.',
      'Оператор підтримки вирішив мою проблему за один дзвінок.',
      'Оператор поддержки решил мою проблему за один звонок.',
      'Konsultant rozwiązał mój problem w jednej rozmowie.',
      'Atbalsta speciālists atrisināja manu problēmu vienā zvanā.',
    ),
  ],
  support_slow: [
    say(
      'I had to write three times before anyone answered.',
      'Довелося писати тричі, поки хтось відповів.',
      'Пришлось писать трижды, пока кто-то ответил.',
      'Musiałem pisać trzy razy, zanim ktoś odpowiedział.',
      'Man bija jāraksta trīs reizes, līdz kāds atbildēja.',
    ),
  ],
  improve: [
    say(
      'Tell me the delivery date before I pay.',
      'Повідомляйте дату доставки до оплати.',
      'Сообщайте дату доставки до оплаты.',
      'Podawajcie datę dostawy przed zapłatą.',
      'Norādiet piegādes datumu pirms apmaksas.',
    ),
    say(
      'Less plastic in the packaging, please.',
      'Менше пластику в упаковці, будь ласка.',
      'Поменьше пластика в упаковке, пожалуйста.',
      'Proszę o mniej plastiku w opakowaniu.',
      'Lūdzu, mazāk plastmasas iepakojumā.',
    ),
    say(
      'The app should remember my usual order, I type it in every week.',
      'Застосунок міг би запам’ятовувати моє звичне замовлення, я щотижня вводжу його заново.',
      'Приложение могло бы запоминать мой обычный заказ, я каждую неделю ввожу его заново.',
      'Aplikacja mogłaby zapamiętywać moje stałe zamówienie, co tydzień wpisuję je od nowa.',
      'Lietotnei vajadzētu atcerēties manu ierasto pasūtījumu, es to ievadu katru nedēļu.',
    ),
    say(
      'Let me spend my bonus points in the online shop too.',
      'Дайте можливість витрачати бонусні бали й в інтернет-магазині.',
      'Дайте возможность тратить бонусные баллы и в интернет-магазине.',
      'Pozwólcie wydawać punkty bonusowe także w sklepie internetowym.',
      'Ļaujiet bonusa punktus tērēt arī interneta veikalā.',
    ),
    say(
      'More decaf options would be nice.',
      'Було б добре мати більше кави без кофеїну.',
      'Хотелось бы больше кофе без кофеина.',
      'Przydałoby się więcej kawy bezkofeinowej.',
      'Būtu jauki, ja būtu vairāk bezkofeīna kafijas.',
    ),
  ],
} satisfies Record<string, Said[]>

export type CommentTheme = keyof typeof comments
