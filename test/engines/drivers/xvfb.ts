import { spawn, type ChildProcess } from 'node:child_process';

/** A virtual X display of our own, for a browser that has no headless mode. */
export interface VirtualDisplay {
  /** The value for DISPLAY, e.g. `:99`. */
  display: string;
  stop(): void;
}

/**
 * Starts `Xvfb` on a free display number (it writes the number it took to a pipe we give it,
 * `-displayfd`), so that parallel runs do not collide. Rejects after `timeoutMs`.
 *
 * @example const screen = await startXvfb(); spawn('WebKitWebDriver', [], { env: { ...process.env, DISPLAY: screen.display } });
 */
export function startXvfb(timeoutMs = 30_000): Promise<VirtualDisplay> {
  const xvfb: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  xvfb.stderr!.on('data', (chunk) => (stderr += chunk));
  const stop = () => void (xvfb.exitCode === null && xvfb.kill());
  process.once('exit', stop);
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      stop();
      reject(new Error('Xvfb did not start: ' + why + (stderr ? '\n' + stderr.slice(-500) : '')));
    };
    const timer = setTimeout(() => fail('no display number after ' + timeoutMs + ' ms'), timeoutMs);
    xvfb.once('error', (error) => fail(error.message));
    xvfb.once('exit', (code) => fail('exited with ' + code));
    let out = '';
    (xvfb.stdio[3] as NodeJS.ReadableStream).on('data', (chunk) => {
      out += chunk;
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      xvfb.removeAllListeners('exit');
      resolve({ display: ':' + out.trim(), stop });
    });
  });
}
