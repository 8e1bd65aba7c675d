// The sandbox console in Chromium (jest leaves this file out where there is none).
import { describeConsoleIn } from './console-flow';

describeConsoleIn('chrome');
