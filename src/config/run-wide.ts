/**
 * A configuration's run-wide keys that a front end was not given itself: what the front end's own
 * setting of the same meaning (a flag, a module option) leaves to the configuration.
 */
import type { RunWideSettings } from './types.js';

export function runWideNotGiven(runWide: RunWideSettings, given: (key: keyof RunWideSettings) => boolean): RunWideSettings {
  return Object.fromEntries(Object.entries(runWide).filter(([key, value]) => value !== undefined && !given(key as keyof RunWideSettings))) as RunWideSettings;
}
