/**
 * The microphone: getUserMedia into an AudioContext running at 16 kHz, through the capture
 * worklet, out as 16-bit frames. What goes wrong is reported as a state staff can act on
 * (denied, no device, unsupported, failed), never as a dialog in front of a resident.
 */
import { AUDIO_SAMPLE_RATE, type captureStates, type VoiceStatus } from '../../../main/api/voice.ts';
import workletUrl from './capture-worklet.ts?worker&url';
import { CAPTURE_PROCESSOR } from './processor-name.ts';

export type CaptureState = (typeof captureStates)[number];

export interface CaptureOptions {
  processing: VoiceStatus['processing'];
  onFrame(frame: ArrayBuffer): void;
  onState(state: CaptureState, detail?: string): void;
}

export interface Capture {
  stop(): void;
}

export function stateForError(err: unknown): CaptureState {
  const name = err instanceof Error || (typeof DOMException !== 'undefined' && err instanceof DOMException) ? (err as Error).name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') return 'no-device';
  return 'failed';
}

export async function startCapture(options: CaptureOptions): Promise<Capture> {
  const { onFrame, onState, processing } = options;
  if (!navigator.mediaDevices?.getUserMedia || typeof AudioWorkletNode === 'undefined') {
    onState('unsupported');
    return { stop() {} };
  }
  onState('starting');
  let stream: MediaStream | undefined;
  let context: AudioContext | undefined;
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    stream?.getTracks().forEach((t) => t.stop());
    void context?.close().catch(() => undefined);
  };
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, ...processing }, video: false });
    context = new AudioContext({ sampleRate: AUDIO_SAMPLE_RATE });
    await context.audioWorklet.addModule(workletUrl);
    const source = context.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR, { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1 });
    node.port.onmessage = (event: MessageEvent<ArrayBuffer>) => onFrame(event.data);
    source.connect(node);
    // A kiosk page may start before anyone touched it; the shells allow audio without a gesture.
    if (context.state !== 'running') await context.resume();
    for (const track of stream.getAudioTracks()) {
      track.addEventListener('ended', () => {
        if (!stopped) onState('failed', 'the microphone was unplugged or stopped');
      });
    }
    if (stopped) stop();
    else onState('running');
  } catch (err) {
    stop();
    onState(stateForError(err), err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 200) : undefined);
  }
  return { stop };
}
