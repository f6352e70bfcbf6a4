import { describeSpotting } from './spotting.ts';

describeSpotting('embedding');
