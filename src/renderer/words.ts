// The words the app uses for settings and tensors: the inspector's labels (`kernelSize` →
// "Kernel size"), and the same words in the engine's messages, which name settings by their keys.

/** Keys whose words are not their camel-case split. */
const SPELLED: Record<string, string> = {
  runningVar: 'Running variance',
};

/** `kernelSize` → `Kernel size`. */
export function labelOf(key: string): string {
  const spelled = SPELLED[key];
  if (spelled) return spelled;
  const words = key.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A message with every camel-case key in it (`kernelSize 9 is larger…`, `runningVar`) in words
 * (`kernel size 9 is larger…`, `running variance`); quoted text (a layer's name) is left alone.
 */
export function inWords(text: string): string {
  return text
    .split(/("[^"]*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/\b[a-z]+(?:[A-Z][a-z]*)+\b/g, (key) => {
            const label = labelOf(key);
            return label.charAt(0).toLowerCase() + label.slice(1);
          }),
    )
    .join('');
}
