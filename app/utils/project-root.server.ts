// Where Steward's files are, found from this module's own location by walking up to the folder
// that holds package.json. The same answer whether this code runs from the sources (app/utils/),
// from the bundled command line (build/cli/) or from the React Router build (build/server/), so
// migrations, demo data and the build are found from any of them.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) throw new Error(`Steward's package.json not found above ${from}`)
  }
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)))

/** An absolute path inside Steward's folder: projectPath('db', 'migrations'). */
export const projectPath = (...segments: string[]) => path.join(projectRoot, ...segments)
