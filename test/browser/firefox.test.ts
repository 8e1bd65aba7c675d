// The sandbox console in Firefox (jest leaves this file out where there is none).
import { describeConsoleIn } from './console-flow';

describeConsoleIn('firefox');
