import { reactRouter } from '@react-router/dev/vite'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'

export default defineConfig({
  plugins: [tailwindcss(), reactRouter()],
  // rrule's ESM/CJS packaging breaks named imports in the built server unless bundled (STACK.md).
  ssr: { noExternal: ['rrule'] },
  build: { target: 'es2022' },
})
