// Sizes above which the editor stops doing YAML work on the extension host per keystroke.
// Parsing YAML costs about 1-2 ms per KiB (the `yaml` library keeping every node's range): the
// examples take a few ms, but a 2 MiB job written as a list of 30 000 tasks takes seconds. Above
// this size the format's diagnostics come from the simulation worker, after the usual pause, and
// providers that would need a fresh parse do less (see analysisController.ts, providers.ts).
export const LARGE_TEXT = 512 * 1024;

export const isLargeText = (text: string | { length: number }) => text.length > LARGE_TEXT;
