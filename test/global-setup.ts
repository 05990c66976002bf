// Builds dist/ from src/ before the tests, so the tests that run bin/vru-eval.js run the current source.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { build } = require("../bin/build-dist.js") as { build(out?: string): string };

export default function setup(): void {
  build();
}
