import type { WakeWordEngine } from '../../../drivers/wakeword/engine.ts';
import type { LocalizedText } from '../../content/schema.ts';

/** The engine the voice service listens with, and what staff need to know about it. */
export interface ListeningEngine {
  readonly kind: 'template' | 'porcupine';
  readonly engine: WakeWordEngine;
  /** Phrase ids the engine can hear. */
  readonly enrolled: ReadonlySet<string>;
  readonly frontEnd?: string;
  /** The engine's own words for staff when it is unavailable. */
  readonly reason?: LocalizedText;
  /** The engine's own VAD on the frame it last processed, null if it did not judge it: saves running a second one. */
  lastSpeech?(): boolean | null;
  /** Compare only these phrases for now (engines that can save work that way). */
  listenFor?(ids: ReadonlySet<string>): void;
}

/** An engine that can stop listening and forget what it heard (the template engine). */
interface Pausable {
  pause(): void;
  resume(): void;
}

export const pausable = (engine: WakeWordEngine): engine is WakeWordEngine & Pausable =>
  typeof (engine as Partial<Pausable>).pause === 'function' && typeof (engine as Partial<Pausable>).resume === 'function';
