import { describe, expect, it } from 'vitest';
import { commandFor, type KeyPress } from './shortcuts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('commandFor', () => {
  it('reads Ctrl shortcuts on Linux and Windows', () => {
    expect(commandFor(press('z', { ctrlKey: true }), false)).toBe('undo');
    expect(commandFor(press('Z', { ctrlKey: true, shiftKey: true }), false)).toBe('redo');
    expect(commandFor(press('y', { ctrlKey: true }), false)).toBe('redo');
    expect(commandFor(press('d', { ctrlKey: true }), false)).toBe('duplicate');
    expect(commandFor(press('o', { ctrlKey: true }), false)).toBe('open');
    expect(commandFor(press('i', { ctrlKey: true }), false)).toBe('import');
    expect(commandFor(press('S', { ctrlKey: true, shiftKey: true }), false)).toBe('saveAs');
    expect(commandFor(press('z', { metaKey: true }), false)).toBeNull();
  });

  it('reads Cmd shortcuts on macOS', () => {
    expect(commandFor(press('z', { metaKey: true }), true)).toBe('undo');
    expect(commandFor(press('z', { metaKey: true, shiftKey: true }), true)).toBe('redo');
    expect(commandFor(press('y', { metaKey: true }), true)).toBeNull();
    expect(commandFor(press('a', { metaKey: true }), true)).toBe('selectAll');
    expect(commandFor(press('c', { ctrlKey: true }), true)).toBeNull();
  });

  it('reads plain keys', () => {
    expect(commandFor(press('Delete'), false)).toBe('delete');
    expect(commandFor(press('Backspace'), true)).toBe('delete');
    expect(commandFor(press('f'), false)).toBe('fit');
    expect(commandFor(press('F', { shiftKey: true }), false)).toBeNull();
    expect(commandFor(press('x'), false)).toBeNull();
  });

  it('zooms with + and − and fits with Ctrl/Cmd+0', () => {
    expect(commandFor(press('+', { shiftKey: true }), false)).toBe('zoomIn');
    expect(commandFor(press('='), false)).toBe('zoomIn');
    expect(commandFor(press('-'), true)).toBe('zoomOut');
    expect(commandFor(press('0', { ctrlKey: true }), false)).toBe('fit');
    expect(commandFor(press('0', { metaKey: true }), true)).toBe('fit');
    expect(commandFor(press('0'), false)).toBeNull();
    expect(commandFor(press('+', { ctrlKey: true }), false)).toBeNull();
  });
});
