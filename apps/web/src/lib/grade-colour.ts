/** A grade's tag colour: green for A down to red for D. */
export const gradeColour = (grade: string | null | undefined): string =>
  ({ A: 'green', B: 'blue', C: 'orange', D: 'red' })[grade ?? ''] ?? 'default';
