import { describe, expect, it, vi } from 'vitest';
import type { AutosaveSlot } from '../../src/main/autosave';
import { DocumentSession } from '../../src/main/documentSession';
import type { DocumentState } from '../../src/shared/backend';

function session(saved: Record<string, string> = {}) {
  const disk = new Map<AutosaveSlot, string>();
  const onStateChange = vi.fn();
  const documents = new DocumentSession({
    autosave: {
      write: async (slot, text) => void disk.set(slot, text),
      discard: async (slot) => void disk.delete(slot),
    },
    readSaved: async (path) => saved[path] ?? null,
    onStateChange,
  });
  return { documents, disk, onStateChange };
}

const unsaved: DocumentState = { name: 'net.cnn.json', path: '/m/net.cnn.json', dirty: true };
const clean: DocumentState = { ...unsaved, dirty: false };

describe('DocumentSession', () => {
  it('autosaves unsaved work and drops it once saved', async () => {
    const { documents, disk, onStateChange } = session();
    await documents.setState(unsaved);
    await documents.edited('v1');
    expect(disk.get('document')).toBe('v1');
    expect(documents.dirty).toBe(true);
    await documents.setState(clean);
    expect(disk.has('document')).toBe(false);
    expect(onStateChange).toHaveBeenLastCalledWith(clean);
    // An autosave landing after the save is not unsaved work.
    await documents.edited('v1');
    expect(disk.has('document')).toBe(false);
  });

  it('writes text that arrived before the page said the document changed', async () => {
    const { documents, disk } = session();
    await documents.setState(clean);
    await documents.edited('early');
    expect(disk.has('document')).toBe(false);
    await documents.setState(unsaved);
    expect(disk.get('document')).toBe('early');
  });

  it('autosaves for a page that never describes its document', async () => {
    const { documents, disk } = session();
    await documents.edited('text');
    expect(disk.get('document')).toBe('text');
    expect(documents.dirty).toBe(false);
    expect(await documents.resume()).toEqual({
      name: 'Untitled.cnn.json',
      path: null,
      dirty: true,
      text: 'text',
    });
  });

  it('gives a reloaded page its unsaved text, or else its saved file', async () => {
    const { documents } = session({ '/m/net.cnn.json': 'on disk' });
    expect(await documents.resume()).toBeNull();
    await documents.setState(clean);
    expect(await documents.resume()).toEqual({ ...clean, text: 'on disk' });
    await documents.setState(unsaved);
    // Changed, but no autosave yet: the saved file is the best copy there is.
    expect(await documents.resume()).toEqual({ ...unsaved, text: 'on disk' });
    await documents.edited('edited');
    expect(await documents.resume()).toEqual({ ...unsaved, text: 'edited' });
  });

  it('has nothing to give back for a new document never saved nor changed', async () => {
    const { documents } = session();
    await documents.setState({ name: 'Untitled.cnn.json', path: null, dirty: false });
    expect(await documents.resume()).toBeNull();
  });

  it('forgets the document when the window closes', async () => {
    const { documents, disk } = session();
    await documents.setState(unsaved);
    await documents.edited('discarded');
    await documents.closed();
    expect(disk.has('document')).toBe(false);
    expect(await documents.resume()).toBeNull();
    expect(documents.name).toBe('Untitled.cnn.json');
  });
});
