/**
 * The "我在听" cue: two rising tones, generated so no sound file has to ship, loud enough to
 * hear across a hall at the kiosk's volume. Heard together with the panel appearing, so someone
 * who cannot see the screen well still knows the kiosk is listening.
 */
const TONES_HZ = [660, 990] as const;
const TONE_SECONDS = 0.12;

let context: AudioContext | undefined;

export function playListeningCue(volume: number): void {
  if (volume <= 0 || typeof AudioContext === 'undefined') return;
  context ??= new AudioContext();
  const start = context.currentTime;
  TONES_HZ.forEach((hz, i) => {
    const oscillator = context!.createOscillator();
    const gain = context!.createGain();
    oscillator.frequency.value = hz;
    const at = start + i * TONE_SECONDS;
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(volume * 0.5, at + 0.01);
    gain.gain.linearRampToValueAtTime(0, at + TONE_SECONDS);
    oscillator.connect(gain).connect(context!.destination);
    oscillator.start(at);
    oscillator.stop(at + TONE_SECONDS);
  });
}
