import { useEffect, useRef } from 'react';
import type { VoiceStatus } from '../../../main/api/voice.ts';
import type { KioskClient } from '../api/client.ts';
import { isSpeaking, onSpeakingChange } from '../app/speech.ts';
import { openAudioLink } from './audio-link.ts';
import { startCapture, type CaptureState } from './capture.ts';
import { keepCapture } from './capture-keeper.ts';
import { followSpeaking } from './speaking-link.ts';
import { followVoiceView } from './view-link.ts';
import { voiceStatus, voiceView } from './voice-state.ts';

/**
 * Keeps the screen's side of voice running: the core's voice status and conversation state in
 * the shared signals, the microphone streaming to the core (opened again whenever it fails), and
 * the core told whenever the kiosk itself is speaking so its own voice cannot wake it. Mounted
 * once, in App.
 */
export function useVoiceLink(client: KioskClient, volume: number): void {
  const volumeRef = useRef(volume);
  volumeRef.current = volume;
  useEffect(() => {
    let live = true;
    let keeper: { stop(): void } | undefined;
    let last: { state: CaptureState; detail?: string } | undefined;
    const link = openAudioLink();
    const report = (state: CaptureState, detail?: string): void => {
      last = detail ? { state, detail } : { state };
      void client.command('voice.capture', last).catch(() => undefined);
    };
    const begin = (processing: VoiceStatus['processing']): void => {
      keeper ??= keepCapture({
        start: (onState) => startCapture({ processing, onFrame: (frame) => link.send(frame), onState }),
        report,
        onDeviceChange: (listener) => {
          const devices = navigator.mediaDevices;
          devices?.addEventListener('devicechange', listener);
          return () => devices?.removeEventListener('devicechange', listener);
        },
      });
    };
    const refresh = (): void => {
      client.command('voice.status').then((status) => {
        if (!live) return;
        voiceStatus.set(status);
        // The core restarted since this screen last reported: tell it again what the microphone is doing.
        if (last && status.capture !== last.state) report(last.state, last.detail);
        begin(status.processing);
      }, () => undefined);
    };
    const offStatus = client.on('voice.status', (status) => voiceStatus.set(status));
    const offView = followVoiceView(client, voiceView.set);
    const offLink = client.onConnection((up) => up && refresh());
    const offSpeaking = followSpeaking(client, { speaking: isSpeaking, onChange: onSpeakingChange }, () => volumeRef.current > 0);
    refresh();
    return () => {
      live = false;
      offStatus();
      offView();
      offLink();
      offSpeaking();
      keeper?.stop();
      link.close();
    };
  }, [client]);
}
