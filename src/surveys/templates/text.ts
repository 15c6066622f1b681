import type { Text } from '../definition.js'

/** A text in en, uk, ru, pl, lv (in that order). */
export function tx(en: string, uk: string, ru: string, pl: string, lv: string): Text {
  return { en, uk, ru, pl, lv }
}

export const allLanguages = ['en', 'uk', 'ru', 'pl', 'lv'] as const

export const thanks = {
  id: 'thanks',
  title: tx(
    'Thank you for your feedback!',
    'Дякуємо за ваш відгук!',
    'Спасибо за ваш отзыв!',
    'Dziękujemy za opinię!',
    'Paldies par jūsu atsauksmi!',
  ),
}

export const agreeQuestion = tx(
  'How much do you agree with each statement?',
  'Наскільки ви погоджуєтеся з кожним твердженням?',
  'Насколько вы согласны с каждым утверждением?',
  'W jakim stopniu zgadzasz się z każdym stwierdzeniem?',
  'Cik lielā mērā jūs piekrītat katram apgalvojumam?',
)

export const reasonQuestion = {
  id: 'reason',
  type: 'text' as const,
  required: false,
  text: tx(
    'What is the main reason for your score?',
    'Яка головна причина вашої оцінки?',
    'Какова главная причина вашей оценки?',
    'Jaki jest główny powód Twojej oceny?',
    'Kāds ir galvenais jūsu vērtējuma iemesls?',
  ),
}

export const priorityOptions = [
  {
    id: 'quality',
    label: tx(
      'Product quality',
      'Якість товарів',
      'Качество товаров',
      'Jakość produktów',
      'Produktu kvalitāte',
    ),
  },
  { id: 'price', label: tx('Prices', 'Ціни', 'Цены', 'Ceny', 'Cenas') },
  { id: 'delivery', label: tx('Delivery', 'Доставка', 'Доставка', 'Dostawa', 'Piegāde') },
  {
    id: 'service',
    label: tx(
      'Customer service',
      'Обслуговування клієнтів',
      'Обслуживание клиентов',
      'Obsługa klienta',
      'Klientu apkalpošana',
    ),
  },
  {
    id: 'range',
    label: tx('Choice of products', 'Асортимент', 'Ассортимент', 'Wybór produktów', 'Preču klāsts'),
  },
]
