/**
 * Jest setup (every test file, before it loads): zkr's caches go to `<repo>/.zkr` (git-ignored)
 * unless ZKR_CACHE_DIR is set, so suites share compiled circuits and keys and a test run never
 * writes outside the clone.
 */
const path = require('node:path');

if (!process.env.ZKR_CACHE_DIR) process.env.ZKR_CACHE_DIR = path.join(__dirname, '..', '.zkr');
