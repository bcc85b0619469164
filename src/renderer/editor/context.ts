// The editor reaches its components through context; a component outside the editor fails loudly.

import { createContext } from 'svelte';
import type { Editor } from './editor.svelte';

export const [getEditor, setEditor] = createContext<Editor>();
