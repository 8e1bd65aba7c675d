// Globals the Functions runtime defines for every function and asset.
import type { RuntimeGlobal, TwilioGlobal } from './types';

declare global {
  var Runtime: RuntimeGlobal;
  var Twilio: TwilioGlobal;
}
