const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** A one-line progress indicator for a command that takes a while (TTY only). */
export class Spinner {
  #timer?: ReturnType<typeof setInterval>;
  #write: (text: string) => void;

  constructor(write: (text: string) => void) {
    this.#write = write;
  }

  start(label: string): void {
    this.stop();
    const started = Date.now();
    let frame = 0;
    const draw = () => {
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      this.#write(`\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${label} ${secs}s`);
    };
    // Quick commands never show a spinner; only those still running after 300 ms do.
    this.#timer = setTimeout(() => {
      draw();
      this.#timer = setInterval(draw, 100);
    }, 300);
  }

  stop(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#write("\r\x1b[K");
  }
}
