import { describe, expect, it } from 'vitest';
import { commandFor, platformOf } from './keys';
import { press } from '../../../test/commands/fixtures';

describe('commandFor', () => {
  it('reads Ctrl shortcuts on Linux and Windows', () => {
    expect(commandFor(press('z', { ctrlKey: true }), 'linux')).toBe('undo');
    expect(commandFor(press('Z', { ctrlKey: true, shiftKey: true }), 'linux')).toBe('redo');
    expect(commandFor(press('y', { ctrlKey: true }), 'linux')).toBe('redo');
    expect(commandFor(press('d', { ctrlKey: true }), 'linux')).toBe('duplicate');
    expect(commandFor(press('o', { ctrlKey: true }), 'linux')).toBe('open');
    expect(commandFor(press('i', { ctrlKey: true }), 'linux')).toBe('import');
    expect(commandFor(press('S', { ctrlKey: true, shiftKey: true }), 'linux')).toBe('save-as');
    expect(commandFor(press('z', { metaKey: true }), 'linux')).toBeNull();
  });

  it('reads Cmd shortcuts on macOS', () => {
    expect(commandFor(press('z', { metaKey: true }), 'darwin')).toBe('undo');
    expect(commandFor(press('z', { metaKey: true, shiftKey: true }), 'darwin')).toBe('redo');
    expect(commandFor(press('y', { metaKey: true }), 'darwin')).toBeNull();
    expect(commandFor(press('a', { metaKey: true }), 'darwin')).toBe('select-all');
    expect(commandFor(press('c', { ctrlKey: true }), 'darwin')).toBeNull();
  });

  it('reads plain keys', () => {
    expect(commandFor(press('Delete'), 'linux')).toBe('delete');
    expect(commandFor(press('Backspace'), 'darwin')).toBe('delete');
    expect(commandFor(press('f'), 'linux')).toBe('fit');
    expect(commandFor(press('F', { shiftKey: true }), 'linux')).toBeNull();
    expect(commandFor(press('x'), 'linux')).toBeNull();
  });

  it('zooms with + and − and fits with Ctrl/Cmd+0', () => {
    expect(commandFor(press('+', { shiftKey: true }), 'linux')).toBe('zoom-in');
    expect(commandFor(press('='), 'linux')).toBe('zoom-in');
    expect(commandFor(press('-'), 'darwin')).toBe('zoom-out');
    expect(commandFor(press('0', { ctrlKey: true }), 'linux')).toBe('fit');
    expect(commandFor(press('0', { metaKey: true }), 'darwin')).toBe('fit');
    expect(commandFor(press('0'), 'linux')).toBeNull();
    expect(commandFor(press('+', { ctrlKey: true }), 'linux')).toBeNull();
  });

  it('reads Ctrl+Y as Redo on Windows too, and F1 and ? as Help everywhere', () => {
    expect(commandFor(press('y', { ctrlKey: true }), 'win32')).toBe('redo');
    expect(commandFor(press('F1'), 'linux')).toBe('show-help');
    expect(commandFor(press('F1'), 'darwin')).toBe('show-help');
    expect(commandFor(press('F1', { ctrlKey: true }), 'linux')).toBeNull();
    // ? is typed with Shift on most keyboards, without it on some.
    expect(commandFor(press('?', { shiftKey: true }), 'linux')).toBe('show-help');
    expect(commandFor(press('?'), 'darwin')).toBe('show-help');
    expect(commandFor(press('?', { ctrlKey: true }), 'linux')).toBeNull();
  });

  it('leaves the keys the browser keeps (New, Export, the views, training) to the native menu', () => {
    expect(commandFor(press('n', { ctrlKey: true }), 'linux')).toBeNull();
    expect(commandFor(press('e', { ctrlKey: true }), 'linux')).toBeNull();
    expect(commandFor(press('1', { ctrlKey: true }), 'linux')).toBeNull();
    expect(commandFor(press('F5'), 'linux')).toBeNull();
    expect(commandFor(press('F5', { shiftKey: true }), 'linux')).toBeNull();
  });

  it('ignores Alt and the modifier that is not the platform’s', () => {
    expect(commandFor(press('z', { ctrlKey: true, altKey: true }), 'linux')).toBeNull();
    expect(commandFor(press('f', { altKey: true }), 'linux')).toBeNull();
    expect(commandFor(press('Delete', { metaKey: true }), 'linux')).toBeNull();
    expect(commandFor(press('d', { ctrlKey: true, shiftKey: true }), 'linux')).toBeNull();
  });
});

describe('platformOf', () => {
  it('tells macOS, Windows and the rest apart by the user agent', () => {
    expect(platformOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605')).toBe(
      'darwin',
    );
    expect(platformOf('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)')).toBe('darwin');
    expect(platformOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64)')).toBe('win32');
    expect(platformOf('Mozilla/5.0 (X11; Linux x86_64)')).toBe('linux');
  });
});
