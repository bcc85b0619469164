// Train mode's components reach the dashboard through context; one outside it fails loudly.

import { createContext } from 'svelte';
import type { Dashboard } from './dashboard.svelte';

export const [getDashboard, setDashboard] = createContext<Dashboard>();
