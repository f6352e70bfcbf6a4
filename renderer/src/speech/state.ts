import { useSyncExternalStore } from 'react';

/** Offsets into the text being said (UTF-16 code units). */
export interface SpokenSegment {
  start: number;
  end: number;
}

/** What the kiosk is saying now, and which part of it. */
export interface Speaking {
  /** Who asked (a ReadAloud's id), so only its own text shows the highlight. */
  owner: string | undefined;
  text: string;
  /** The phrase being said; null between phrases and while the audio is on its way. */
  segment: SpokenSegment | null;
}

export interface SpeechState {
  speaking: Speaking | null;
  /** The owner of the last request that could not be said (no speech engine), until the next one. */
  unavailable: string | undefined;
}

let state: SpeechState = { speaking: null, unavailable: undefined };
const listeners = new Set<() => void>();

export function speechState(): SpeechState {
  return state;
}

export function updateSpeechState(patch: Partial<SpeechState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

export function subscribeSpeechState(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSpeechState(): SpeechState {
  return useSyncExternalStore(subscribeSpeechState, speechState);
}
