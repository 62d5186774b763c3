#!/usr/bin/env node
// Runs the TypeScript sources through tsx so there is no build step (docs/decisions/0001).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
