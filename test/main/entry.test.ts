import { describe, expect, it } from 'vitest';
import { rendererUrl, workerModuleUrl } from '../../src/main/entry';

const builtIndexPath = '/opt/cnn studio/out/renderer/index.html';

describe('rendererUrl', () => {
  it('loads the dev server while developing', () => {
    expect(
      rendererUrl({ packaged: false, devServerUrl: 'http://localhost:5173', builtIndexPath }),
    ).toBe('http://localhost:5173/');
  });

  it('loads the built page when there is no dev server', () => {
    expect(rendererUrl({ packaged: false, devServerUrl: undefined, builtIndexPath })).toBe(
      'file:///opt/cnn%20studio/out/renderer/index.html',
    );
  });

  it('ignores the dev server variable in a packaged app', () => {
    expect(
      rendererUrl({ packaged: true, devServerUrl: 'https://evil.example/', builtIndexPath }),
    ).toBe('file:///opt/cnn%20studio/out/renderer/index.html');
  });
});

describe('workerModuleUrl', () => {
  it('is worker.js beside main in a development build', () => {
    expect(workerModuleUrl('file:///src/cnn-studio/out/main/index.js').href).toBe(
      'file:///src/cnn-studio/out/main/worker.js',
    );
  });

  it('is the unpacked copy in a packaged app', () => {
    expect(
      workerModuleUrl('file:///opt/CNN%20Studio/resources/app.asar/out/main/index.js').href,
    ).toBe('file:///opt/CNN%20Studio/resources/app.asar.unpacked/out/main/worker.js');
  });
});
