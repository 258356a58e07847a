// Writes docs/config.schema.json from the built schema (src/config/schema.ts); a test holds them equal.
import { writeFileSync } from 'node:fs';
import { CONFIG_SCHEMA } from '../dist/config/schema.js';

writeFileSync(new URL('../docs/config.schema.json', import.meta.url), `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`);
