/** SVG diagrams need Chromium (mermaid-cli drives it through puppeteer), and it is not there. */
export class ChromiumMissingError extends Error {
  constructor(readonly executablePath: string) {
    super(
      `Chromium is needed to render mermaid diagrams as SVG, but ${executablePath} does not exist.\n` +
        "Install it with: apt-get install -y chromium fonts-liberation\n" +
        "(or point PUPPETEER_EXECUTABLE_PATH at another Chromium).",
    );
    this.name = "ChromiumMissingError";
  }
}
