/** The capture worklet's registered name, shared by the worklet and the page that loads it. */
export const CAPTURE_PROCESSOR = 'linli-capture';
