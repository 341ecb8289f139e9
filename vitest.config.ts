import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Browser and workerd suites start servers; keep files serial on a 2-core machine.
    fileParallelism: false,
  },
})
