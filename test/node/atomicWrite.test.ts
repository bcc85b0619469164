import { spawn } from 'node:child_process';
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/node/atomicWrite';
import { countSyncs } from './fixtures/syncs';
import { versionText, wholeVersion } from './fixtures/versions';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cnn-studio-atomic-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('creates a file and replaces it, leaving nothing else in the folder', async () => {
    const path = join(folder, 'model.cnn.json');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, new TextEncoder().encode('second'));
    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await readdir(folder)).toEqual(['model.cnn.json']);
  });

  it.skipIf(process.platform === 'win32')(
    'keeps the permissions of the file it replaces',
    async () => {
      const path = join(folder, 'private.cnn.json');
      await writeFile(path, 'old');
      await chmod(path, 0o600);
      await writeFileAtomic(path, 'new');
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    },
  );

  it('fails without touching the target or leaving a temporary file when the rename fails', async () => {
    // A folder where the file should be: the data can be written, the rename cannot replace it.
    const path = join(folder, 'taken');
    await mkdir(path);
    await writeFile(join(path, 'inside'), 'keep');
    await expect(writeFileAtomic(path, 'new')).rejects.toThrow();
    expect(await readdir(folder)).toEqual(['taken']);
    expect(await readFile(join(path, 'inside'), 'utf8')).toBe('keep');
  });

  it.skipIf(process.platform === 'win32')(
    'writes through symbolic links, a chain of them or one to a file not there yet',
    async () => {
      await mkdir(join(folder, 'elsewhere'));
      const real = join(folder, 'elsewhere', 'real.json');
      await writeFile(real, 'old');
      await symlink(real, join(folder, 'second'));
      await symlink('second', join(folder, 'first'));
      await writeFileAtomic(join(folder, 'first'), 'new');
      expect(await readFile(real, 'utf8')).toBe('new');
      expect(await readlink(join(folder, 'first'))).toBe('second');
      expect(await readdir(join(folder, 'elsewhere'))).toEqual(['real.json']);
      await symlink(join('elsewhere', 'later.json'), join(folder, 'dangling'));
      await writeFileAtomic(join(folder, 'dangling'), 'made');
      expect(await readFile(join(folder, 'elsewhere', 'later.json'), 'utf8')).toBe('made');
      expect((await lstat(join(folder, 'dangling'))).isSymbolicLink()).toBe(true);
      await symlink('loop', join(folder, 'loop'));
      await expect(writeFileAtomic(join(folder, 'loop'), 'x')).rejects.toThrow(/ELOOP/);
    },
  );

  it('removes the temporary files that killed writes of the same file left, and only those', async () => {
    const gone = await exitedPid();
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      const left = [
        `.model.cnn.json.${gone}.0123456789ab.tmp`, // its writer is gone: removed
        `.model.cnn.json.${alive.pid}.0123456789ab.tmp`, // its writer may still rename it: kept
        `.other.cnn.json.${gone}.0123456789ab.tmp`, // another file's: kept
        `.model.cnn.json.${gone}.notours.tmp`, // not a name writeFileAtomic makes: kept
      ];
      for (const name of left) await writeFile(join(folder, name), 'half a save');
      await writeFileAtomic(join(folder, 'model.cnn.json'), 'whole');
      expect((await readdir(folder)).sort()).toEqual(['model.cnn.json', ...left.slice(1)].sort());
    } finally {
      alive.kill();
    }
  });

  it.skipIf(process.platform === 'win32')(
    'flushes the file and then its folder to disk before it resolves',
    async () => {
      const synced = await countSyncs(folder, () => writeFileAtomic(join(folder, 'a.json'), 'x'));
      expect(synced).toBe(2);
    },
  );

  it('fails when the folder does not exist', async () => {
    await expect(writeFileAtomic(join(folder, 'missing', 'a.json'), 'x')).rejects.toThrow(/ENOENT/);
  });
});

/** The id of a process that has run and exited. */
function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  return new Promise((resolve) => child.on('exit', () => resolve(child.pid!)));
}

describe('a process killed with SIGKILL in the middle of a save', () => {
  const child = fileURLToPath(new URL('./fixtures/saveLoop.ts', import.meta.url));

  /**
   * Runs the save loop from version `first` and kills it at a random moment inside a save: once a
   * few saves have shown how long one takes, a random fraction of that after the next one starts.
   * Returns the last save it said it started and the last it said it finished.
   */
  function saveUntilKilled(path: string, first: number, how: 'atomic' | 'plain') {
    return new Promise<{ started: number; done: number }>((resolve, reject) => {
      const args = ['--import', 'tsx', child, path, String(first), how];
      const loop = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      const said = { started: first - 1, done: first - 1 };
      const durations: number[] = [];
      let startedAt = 0;
      let aimed = false;
      let buffered = '';
      loop.stdout.setEncoding('utf8');
      loop.stdout.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const [word, number] = line.split(' ');
          said[word as 'started' | 'done'] = Number(number);
          if (word === 'done') durations.push(performance.now() - startedAt);
          if (word !== 'started') continue;
          startedAt = performance.now();
          if (aimed || durations.length < 3) continue;
          aimed = true;
          const typical = durations.reduce((sum, ms) => sum + ms, 0) / durations.length;
          setTimeout(() => loop.kill('SIGKILL'), Math.random() * typical);
        }
      });
      loop.on('error', reject);
      loop.on('exit', (code, signal) => {
        if (signal === 'SIGKILL') resolve(said);
        else reject(new Error(`the save loop ended by itself (code ${code})`));
      });
    });
  }

  /** Kills the loop 8 times; the versions found after each kill (null: torn) and the kills mid-save. */
  /** Kill rounds: `rounds` of them, or fewer when `until` holds for the version a round left. */
  async function killRounds(
    path: string,
    how: 'atomic' | 'plain',
    { rounds = 8, until = (_: number | null): boolean => false } = {},
  ) {
    await writeFile(path, versionText(0));
    const found: { version: number | null; started: number; done: number }[] = [];
    let next = 1;
    for (let round = 0; round < rounds; round++) {
      const said = await saveUntilKilled(path, next, how);
      const version = wholeVersion(await readFile(path, 'utf8'));
      found.push({ version, ...said });
      if (until(version)) break;
      next = said.started + 1;
    }
    return found;
  }

  it('leaves the old or the new file whole, never a torn one, every time', async () => {
    const path = join(folder, 'model.cnn.json');
    const rounds = await killRounds(path, 'atomic');
    for (const { version, started, done } of rounds) {
      // The last finished save, or the one under way if its rename happened just before the kill.
      expect([done, started]).toContain(version);
    }
    expect(rounds.some(({ started, done }) => started > done)).toBe(true);
    // Only the file and the temporary file of the last save killed, if it was killed before its
    // rename: each loop's first save removed those the loops killed before it had left.
    const others = (await readdir(folder)).filter((name) => name !== 'model.cnn.json');
    expect(others.length).toBeLessThanOrEqual(1);
    for (const name of others) expect(name).toMatch(/^\.model\.cnn\.json\.\d+\.[0-9a-f]{12}\.tmp$/);
    // The next save removes that one too.
    await writeFileAtomic(path, versionText(100));
    expect(await readdir(folder)).toEqual(['model.cnn.json']);
  });

  // A kill lands mid-write only now and then (8 rounds once missed every time): up to 40 rounds,
  // ending at the first torn file.
  it('catches a plain writeFile, which tears the file when killed mid-save', async () => {
    const rounds = await killRounds(join(folder, 'plain.cnn.json'), 'plain', {
      rounds: 40,
      until: (version) => version === null,
    });
    expect(rounds.map(({ version }) => version)).toContain(null);
  }, 180_000);
});
