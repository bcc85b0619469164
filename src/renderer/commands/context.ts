// The header's buttons and the keyboard reach the commands through context.

import { createContext } from 'svelte';
import type { Commands } from './commands';

export const [getCommands, setCommands] = createContext<Commands>();
