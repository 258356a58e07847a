import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every regular file under `dir`, at any depth, as paths joined to it. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}
