// The job files the engine tests run over: every example and every `.sparkjob.yaml` fixture.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

export const exampleAndFixtureFiles: string[] = ['examples', 'test/fixtures']
  .flatMap((dir) => readdirSync(join(root, dir)).map((f) => join(root, dir, f)))
  .filter((f) => f.endsWith('.sparkjob.yaml'));
