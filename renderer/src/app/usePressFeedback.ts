import { useEffect, useRef } from 'react';

/** Short and soft: a confirmation, not an alarm. */
const BEEP_HZ = 880;
const BEEP_SECONDS = 0.05;

/**
 * Shows a press the moment a finger lands on a button (data-pressed, styled in styles.css), well
 * inside 100 ms and before the click, which only comes on release. With the click sound on, also
 * a tiny generated beep, so no sound file has to ship.
 */
export function usePressFeedback(sound: { on: boolean; volume: number }): void {
  const soundRef = useRef(sound);
  soundRef.current = sound;

  useEffect(() => {
    let audio: AudioContext | undefined;
    let pressed: HTMLElement | null = null;
    const release = (): void => {
      pressed?.removeAttribute('data-pressed');
      pressed = null;
    };
    const press = (event: PointerEvent): void => {
      release();
      const target = event.target instanceof Element ? event.target.closest<HTMLElement>('button:not(:disabled)') : null;
      if (!target) return;
      pressed = target;
      target.dataset.pressed = 'true';
      const { on, volume } = soundRef.current;
      if (on && volume > 0) {
        audio ??= new AudioContext();
        beep(audio, volume);
      }
    };
    window.addEventListener('pointerdown', press, true);
    window.addEventListener('pointerup', release, true);
    window.addEventListener('pointercancel', release, true);
    return () => {
      release();
      window.removeEventListener('pointerdown', press, true);
      window.removeEventListener('pointerup', release, true);
      window.removeEventListener('pointercancel', release, true);
      void audio?.close();
    };
  }, []);
}

function beep(audio: AudioContext, volume: number): void {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = BEEP_HZ;
  gain.gain.setValueAtTime(volume * 0.3, audio.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + BEEP_SECONDS);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start();
  oscillator.stop(audio.currentTime + BEEP_SECONDS);
}
