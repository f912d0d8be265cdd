#!/usr/bin/env node
// Bundles the command line (bin/steward.ts and the code it imports) into build/cli/steward.mjs,
// after `react-router build`. The production server runs this bundle with plain Node: through tsx
// every start compiled the whole app again and kept tsx and a second, compiled copy of it in
// memory (410 MB idle with the demo organisation; the bundle, 262 MB: bench/README.md,
// "Footprint"). Packages stay outside the bundle, loaded from node_modules as before.
//   node --import tsx bin/build-cli.ts [--outfile PATH]
import { build } from 'esbuild'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { projectPath, projectRoot } from '#app/utils/project-root.server.ts'

export const CLI_BUNDLE = projectPath('build', 'cli', 'steward.mjs')

export async function buildCli(outfile = CLI_BUNDLE) {
  await build({
    entryPoints: [projectPath('bin', 'steward.ts')],
    outfile,
    absWorkingDir: projectRoot,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    jsx: 'automatic',
    sourcemap: 'linked',
    logLevel: 'warning',
  })
  return path.relative(projectRoot, outfile)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { outfile: { type: 'string' } } })
  const written = await buildCli(values.outfile ? path.resolve(values.outfile) : undefined)
  console.log(`The command line is bundled in ${written}.`)
}
