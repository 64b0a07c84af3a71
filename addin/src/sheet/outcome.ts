/**
 * What an action of the pane did, as it is shown next to its button: a headline with
 * the counts, and the rows with problems (the first few listed, each with a "go to row"
 * link selecting its cell). Pure data: the pane renders it.
 */
export interface Problem {
  /** Position in the table body (0 = the first row under the header). */
  row: number;
  /** The cell to select: the first bad one, else the status cell. */
  col: number;
  message: string;
}

export interface Outcome {
  kind: 'ok' | 'problems' | 'error' | 'info';
  headline: string;
  problems: Problem[];
  /** The table the rows belong to, and the sheet row number of its first body row. */
  table?: string;
  firstRow?: number;
}

export const info = (headline: string): Outcome => ({ kind: 'info', headline, problems: [] });

/** Problems listed under the headline; the rest are counted ("and 12 more"). */
export const SHOWN_PROBLEMS = 5;
