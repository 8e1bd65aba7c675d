// Globals the Functions runtime defines for every function and asset.
import type { RuntimeGlobal, TwilioGlobal } from './types';

declare global {
  // eslint-disable-next-line no-var
  var Runtime: RuntimeGlobal;
  // eslint-disable-next-line no-var
  var Twilio: TwilioGlobal;
}
