// Where the browser tests find their browsers: CHROME_PATH or FIREFOX_PATH, else the usual
// names on the PATH. Plain JavaScript, because jest.config.js asks it too: a browser that is
// not there is left out, and jest says so and how to get it.
const { accessSync, constants } = require('node:fs');
const { delimiter, join } = require('node:path');

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

// The variable as given (a wrong one fails the tests loudly rather than skipping them), else one on the PATH.
const find = (variable, names) => process.env[variable] || names.map(onPath).find(Boolean);

/** The browsers the console is tested in, each with where it was found (undefined: not here). */
function browsers() {
  return {
    chrome: find('CHROME_PATH', ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome']),
    firefox: find('FIREFOX_PATH', ['firefox', 'firefox-esr']),
  };
}

const HOW_TO_INSTALL = {
  chrome: 'Install Chromium (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium) or set CHROME_PATH.',
  firefox: 'Install Firefox (Debian: sudo apt-get install firefox-esr; Ubuntu: the firefox snap; macOS: brew install --cask firefox) or set FIREFOX_PATH.',
};

module.exports = { browsers, HOW_TO_INSTALL };
