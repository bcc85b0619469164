import { describe, expect, it } from 'vitest';
import { CloseGuard, closePrompt } from '../../src/main/closeGuard';

function guard(dirty: boolean) {
  const state = { dirty };
  return { state, guard: new CloseGuard(() => state.dirty) };
}

describe('closing the window', () => {
  it('closes at once when everything is saved', () => {
    expect(guard(false).guard.requestClose()).toBe('close');
  });

  it("asks about unsaved changes; Don't Save closes", () => {
    const { guard: g } = guard(true);
    expect(g.requestClose()).toBe('ask');
    expect(g.answer('discard')).toBe('close');
    expect(g.requestClose()).toBe('close');
  });

  it('Cancel keeps the window and asks again next time', () => {
    const { guard: g } = guard(true);
    g.requestClose();
    expect(g.answer('cancel')).toBe('stay');
    expect(g.requestClose()).toBe('ask');
  });

  it('asks once however often the close button is pressed', () => {
    const { guard: g } = guard(true);
    expect(g.requestClose()).toBe('ask');
    expect(g.requestClose()).toBe('hold');
  });

  it('Save has the page save, then closes once the save went through', () => {
    const { guard: g } = guard(true);
    g.requestClose();
    expect(g.answer('save')).toBe('save');
    expect(g.saveFinished(true)).toBe('close');
    expect(g.requestClose()).toBe('close');
  });

  it('a cancelled or failed save keeps the window open', () => {
    const { guard: g } = guard(true);
    g.requestClose();
    g.answer('save');
    expect(g.saveFinished(false)).toBe('stay');
    expect(g.requestClose()).toBe('ask');
  });

  it('an ordinary save does not close the window', () => {
    expect(guard(true).guard.saveFinished(true)).toBe('stay');
  });

  it('names the document and lists answers in button order', () => {
    const prompt = closePrompt('LeNet-5.cnn.json');
    expect(prompt.message).toBe('Do you want to save the changes you made to LeNet-5.cnn.json?');
    expect(prompt.buttons).toEqual(['Save', "Don't Save", 'Cancel']);
    expect(prompt.answers).toEqual(['save', 'discard', 'cancel']);
  });
});
