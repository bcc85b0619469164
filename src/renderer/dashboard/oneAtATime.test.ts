import { describe, expect, it } from 'vitest';
import { oneAtATime } from './oneAtATime';

describe('oneAtATime', () => {
  it('runs calls made while one is in flight once after it, with the last arguments', async () => {
    const ran: number[] = [];
    let release = () => {};
    const call = oneAtATime(async (n: number) => {
      ran.push(n);
      if (n === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = call(1);
    await call(2);
    await call(3);
    expect(ran).toEqual([1]);
    release();
    await first;
    expect(ran).toEqual([1, 3]);
    await call(4);
    expect(ran).toEqual([1, 3, 4]);
  });

  it('is free again after a call that failed', async () => {
    let fail = true;
    const ran: string[] = [];
    const call = oneAtATime(async (what: string) => {
      ran.push(what);
      if (fail) throw new Error('no');
    });
    await expect(call('a')).rejects.toThrow('no');
    fail = false;
    await call('b');
    expect(ran).toEqual(['a', 'b']);
  });
});
