import type { AllStrings } from '../strings.js';

/** Japanese: fetched, as `dist/firstwin-ja.js` or a chunk of the ESM entry, only by pages in Japanese. */
export const words: AllStrings = {
  progress: '{n} / {m}',
  showMe: '見る',
  gotIt: 'OK',
  close: '閉じる',
  dismiss: '今後表示しない',
  allDone: 'すべて完了しました。お疲れさまでした！',
  announceDone: '{title}：すべて完了',
  stepLeft: '最初の成果まであと1ステップ',
  stepsLeft: '最初の成果まであと{n}ステップ',
  keyStep: '最初の成果',
  firstWin: '最初の成果を達成しました。準備完了です！',
  account: 'アカウント',
  seats: '{m}席中{n}席が利用中',
  on_track: '順調',
  at_risk: '要注意',
  activated: '達成',
  no_data: 'データなし',
  firstValue: '{n}日で最初の成果',
};
