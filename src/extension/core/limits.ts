// The size above which the editor stops doing YAML work on the extension host per keystroke.
// Parsing costs about 1-2 ms per KiB (the `yaml` library keeping every node's range, then the
// format's checks): the examples take a few ms, a 128 KiB file up to ~200 ms, a 2 MiB job written
// as a list of 30 000 tasks several seconds. Above this size the format's diagnostics come from
// the simulation worker, after the usual pause, and providers that would need a fresh parse do
// less (see analysisController.ts, providers.ts). Jobs with many tasks are usually written in
// the count form and stay far below it.
export const LARGE_TEXT = 128 * 1024;

export const isLargeText = (text: string | { length: number }) => text.length > LARGE_TEXT;
