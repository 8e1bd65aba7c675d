// The one way functions reach the private helpers module. A relative import from
// functions/ into assets/ works under `npm start` but breaks once deployed (assets are
// stored at hashed paths), so every function goes through Runtime.getAssets().
import type * as HelperModules from '../assets/lib/helpers.private';

export type Helpers = typeof HelperModules;

const HELPERS_ASSET = '/lib/helpers.js';

let loaded: Helpers | undefined;

export function loadHelpers(): Helpers {
  if (!loaded) {
    const asset = Runtime.getAssets()[HELPERS_ASSET];
    if (!asset) {
      throw new Error(`Private asset ${HELPERS_ASSET} is missing: build with \`npm run build\` and deploy dist/assets.`);
    }
    loaded = require(asset.path) as Helpers;
  }
  return loaded;
}
