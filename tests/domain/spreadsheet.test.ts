import { describe, expect, it } from 'vitest';
import { cellText, isFormulaLike } from '../../core/domain/spreadsheet.js';

describe('cellText', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['=1+2', "'=1+2"],
    ['+SUM(A1:A3)', "'+SUM(A1:A3)"],
    ['-2+3', "'-2+3"],
    ['@SUM(1)', "'@SUM(1)"],
    ['\t=1', "'\t=1"],
    ['＝1+2', "'＝1+2"],
    ['Green tea', 'Green tea'],
    ['龙井 =1', '龙井 =1'],
    ["'already text", "'already text"],
    ['', ''],
    ['0001234', '0001234'],
  ])('%j → %j', (text, expected) => {
    expect(cellText(text)).toBe(expected);
    expect(isFormulaLike(text)).toBe(expected !== text);
  });
});
