// The pages of Help, in the order its contents list shows them.

export const HELP_PAGES = [
  { id: 'start', title: 'Getting started' },
  { id: 'shortcuts', title: 'Keyboard shortcuts' },
  { id: 'panels', title: 'Panels' },
  { id: 'format', title: 'Model format' },
] as const;

export type HelpPage = (typeof HELP_PAGES)[number]['id'];
