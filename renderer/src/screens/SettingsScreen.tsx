import { useTranslation } from 'react-i18next';
import { defaultSettings, type KioskSettings } from '../../../main/api/contract.ts';
import { useApp } from '../app/context.ts';
import { ChoiceGroup } from '../components/ChoiceGroup.tsx';
import { Entry } from '../components/Entry.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { textScales } from '../theme/tokens.ts';

const SIZE_LABELS = { 1: 'settings.size100', 1.25: 'settings.size125', 1.5: 'settings.size150' } as const;

/**
 * 字大一点 / 看得清: text size, colours, and how the kiosk will read aloud. Each is one tap and
 * shows at once; they stay for this kiosk.
 */
export function SettingsScreen() {
  const { t } = useTranslation();
  const { settings, changeSettings, settingsFailed, dispatch } = useApp();
  const set = <K extends keyof KioskSettings>(key: K) => (value: KioskSettings[K]) => changeSettings({ [key]: value });
  return (
    <ScreenFrame id="settings" title={t('settings.title')} ready>
      <p className="summary-lead">{t('settings.lead')}</p>
      {settingsFailed && (
        <p className="notice" role="alert">
          <span className="notice-icon" aria-hidden="true">⚠️</span>
          <span>{t('settings.failed')}</span>
        </p>
      )}
      <ChoiceGroup
        icon="🔠"
        legend={t('settings.textSize')}
        testId="choose-text-size"
        value={settings.textScale}
        onChoose={set('textScale')}
        choices={textScales.map((scale) => ({
          value: scale,
          label: `${t(SIZE_LABELS[scale])} ${Math.round(scale * 100)}%`,
          // Each choice is shown at the size it gives, whatever is chosen now.
          labelStyle: { fontSize: `calc(var(--font-body-unscaled) * ${scale})` },
        }))}
      />
      <ChoiceGroup
        icon="🌓"
        legend={t('settings.theme')}
        testId="choose-theme"
        value={settings.theme}
        onChoose={set('theme')}
        choices={[
          { value: 'normal', label: t('settings.themeNormal'), hint: t('settings.themeNormalHint') },
          { value: 'high-contrast', label: t('settings.themeHigh'), hint: t('settings.themeHighHint') },
        ]}
      />
      <ChoiceGroup
        icon="🐢"
        legend={t('settings.speechRate')}
        testId="choose-speech-rate"
        value={settings.speechRate}
        onChoose={set('speechRate')}
        choices={[
          { value: 0.75, label: t('settings.rateSlow') },
          { value: 1, label: t('settings.rateNormal') },
          { value: 1.25, label: t('settings.rateFast') },
        ]}
      />
      <ChoiceGroup
        icon="🔊"
        legend={t('settings.volume')}
        testId="choose-volume"
        value={settings.volume}
        onChoose={set('volume')}
        choices={[
          { value: 0.4, label: t('settings.volumeLow') },
          { value: 0.7, label: t('settings.volumeMid') },
          { value: 1, label: t('settings.volumeHigh') },
        ]}
      />
      <ChoiceGroup
        icon="🔔"
        legend={t('settings.clickSound')}
        testId="choose-click-sound"
        value={settings.clickSound}
        onChoose={set('clickSound')}
        choices={[
          { value: false, label: t('settings.off') },
          { value: true, label: t('settings.on') },
        ]}
      />
      <button type="button" className="btn btn-wide" data-testid="settings-reset" onClick={() => changeSettings(defaultSettings)}>
        <span aria-hidden="true">↩️</span> {t('settings.reset')}
      </button>
      <ul className="entry-list">
        <Entry
          icon="⌨️"
          title={t('settings.keyboard')}
          summary={t('settings.keyboardHint')}
          onSelect={() => dispatch({ type: 'open', screen: { name: 'keyboard' } })}
        />
      </ul>
    </ScreenFrame>
  );
}
