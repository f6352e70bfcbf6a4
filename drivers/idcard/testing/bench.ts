import { RESPONSE_FRAMES } from '../frame.ts';
import { parseReadResponse } from '../response.ts';
import { FrameSplitter } from '../stream.ts';
import { RESIDENT_CARD, samplePhoto } from './cards.ts';
import { encodeReadReply } from './encode.ts';

/**
 * The codec's hot path for the benchmark script to time: a 1295-byte 30 01 reply arriving in
 * 64-byte reads (S12's chunk size, facts/idcard.md §1.3), split, checked and decoded.
 * Returns the number of cards decoded, so the caller can check the work was done.
 */
export function idcardCodecWorkload(reads: number): number {
  const reply = encodeReadReply(RESIDENT_CARD, samplePhoto());
  const splitter = new FrameSplitter(RESPONSE_FRAMES);
  let decoded = 0;
  for (let n = 0; n < reads; n++) {
    for (let at = 0; at < reply.length; at += 64) {
      for (const frame of splitter.push(reply.subarray(at, at + 64)).frames) {
        if (parseReadResponse(frame, 'readText').ok) decoded++;
      }
    }
  }
  return decoded;
}
