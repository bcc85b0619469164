/** Prints the measured differences, one line per template, so a run shows the margins. */
export function reportDiffs(
  runtime: string,
  diffs: Record<string, number>,
  versus = 'engine',
): void {
  const lines = Object.entries(diffs).map(([name, d]) => `  ${name}: ${d.toExponential(2)}`);
  if (lines.length > 0)
    console.log(`${runtime} max abs difference vs ${versus}:\n${lines.join('\n')}`);
}
