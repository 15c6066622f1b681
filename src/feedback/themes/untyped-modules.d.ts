// Packages that ship no type declarations: only the parts this capability calls.

declare module 'snowball-stemmers' {
  export function newStemmer(language: string): { stem(word: string): string }
}

declare module '@nlpjs/lang-uk' {
  export class StemmerUk {
    stemWord(word: string): string
  }
}

declare module '@nlpjs/lang-pl' {
  export class StemmerPl {
    stemWord(word: string): string
  }
}
