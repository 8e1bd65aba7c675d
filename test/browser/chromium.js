// Where the browser tests find Chromium: CHROME_PATH, else the first of the usual names on
// the PATH. Plain JavaScript, because jest.config.js asks it too: with no browser the
// browser project is left out, and jest says so and how to get one.
const { accessSync, constants } = require('node:fs');
const { delimiter, join } = require('node:path');

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

function onPath(name) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/** CHROME_PATH as given (a wrong one fails the tests loudly rather than skipping them), else one on the PATH. */
function chromiumPath() {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  for (const name of NAMES) {
    const found = onPath(name);
    if (found) return found;
  }
  return undefined;
}

const HOW_TO_INSTALL =
  'Install Chromium (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium) or set CHROME_PATH to a Chromium or Chrome binary.';

module.exports = { chromiumPath, HOW_TO_INSTALL };
