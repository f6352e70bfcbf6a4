import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Guide } from '../../../main/content/schema.ts';
import { useApp } from '../app/context.ts';
import { pick } from '../app/localized.ts';
import { guideShare } from '../share/guideShare.ts';
import { Dialog } from './Dialog.tsx';
import { Picture } from './Picture.tsx';

/** The guide as a QR code to take home, saying plainly whether it opens a page or is the text itself. */
export function GuideShareDialog({ guide, onClose }: { guide: Guide; onClose(): void }) {
  const { t } = useTranslation();
  const { language, kiosk } = useApp();
  const share = useMemo(
    () =>
      guideShare(guide, language, kiosk?.publicGuideBaseUrl, {
        materials: t('guides.materials'),
        where: t('guides.where'),
        hours: t('guides.hours'),
        contact: t('guides.contact'),
      }),
    [guide, language, kiosk?.publicGuideBaseUrl, t],
  );
  return (
    <Dialog icon="📱" title={t('guides.shareTitle')} testId="share-dialog" action={{ icon: '✖', label: t('guides.close'), onPress: onClose }}>
      <div className="share">
        <Picture className="qr" src={share.image} alt={t('guides.qrAlt', { title: pick(guide.title, language) })} />
        <p data-share-kind={share.kind}>{share.kind === 'link' ? t('guides.shareLink') : t('guides.shareText')}</p>
      </div>
    </Dialog>
  );
}
