import { describe, expect, it } from 'vitest';
import { recordOf } from '../../../test/runs/fixtures';
import { RUN_COLUMNS } from '../../shared/runs/table';
import { tableFile } from './exports';

const a = recordOf({ id: 'run-a', name: 'First' });
const b = { ...recordOf({ id: 'run-b', name: 'Second, "wide"' }), tags: ['sweep', 'lr'] };

describe('tableFile', () => {
  it('writes the runs shown, in their order, as CSV with every column', () => {
    const file = tableFile([b, a], 'csv');
    expect(file.name).toBe('runs.csv');
    const lines = file.data.split('\r\n');
    expect(lines[0]).toBe(RUN_COLUMNS.map((c) => c.key).join(','));
    expect(lines[1]).toMatch(/^"Second, ""wide""",Tiny,shapes,finished,0\.8,/);
    expect(lines[1]).toMatch(/,"sweep, lr",,,run-b$/);
    expect(lines[2]).toMatch(/^First,.*,run-a$/);
    expect(lines).toHaveLength(4);
  });

  it('writes them as a Markdown table, figures as the view shows them', () => {
    const file = tableFile([a], 'markdown');
    expect(file.name).toBe('runs.md');
    const lines = file.data.split('\n');
    expect(lines[0]).toMatch(/^\| Run \| Model \| Dataset \| Outcome \| Test accuracy \|/);
    expect(lines[2]).toMatch(/^\| First \| Tiny \| shapes \| finished \| 80\.00% \|/);
    expect(lines).toHaveLength(4);
  });
});
