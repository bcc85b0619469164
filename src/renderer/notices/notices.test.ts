import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Notices } from './notices.svelte';

describe('notices', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a plain notice fades; one listing problems or offering a choice stays', () => {
    const notices = new Notices();
    notices.show('Copied 2 layers.');
    notices.show('The file is not a model.', 'problem', ['nodes: missing']);
    notices.show('Your document is back.', 'info', [], { label: 'Discard it', run: () => {} });
    vi.advanceTimersByTime(10_000);
    expect(notices.items.map((n) => n.text)).toEqual([
      'The file is not a model.',
      'Your document is back.',
    ]);
  });

  it('taking the action runs it once and dismisses the notice', () => {
    const notices = new Notices();
    const run = vi.fn();
    notices.show('Your document is back.', 'info', [], { label: 'Discard it', run });
    const [notice] = notices.items;
    notices.act(notice.id);
    notices.act(notice.id);
    expect(run).toHaveBeenCalledOnce();
    expect(notices.items).toEqual([]);
  });
});
