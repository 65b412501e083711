#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so the command line and
// the server need no separate build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
