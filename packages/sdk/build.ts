// npm run build -w @govperf/sdk (tsx build.ts): writes dist/widget.js and dist/sdk.js.
import { buildSdk, DEFAULT_SDK_DIR } from './src/build';

const outDir = process.argv[2] ?? DEFAULT_SDK_DIR;
await buildSdk(outDir);
console.info(`@govperf/sdk built into ${outDir}`);
