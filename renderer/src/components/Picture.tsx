import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * An image that, if it cannot be shown, says so and shows its description in full-size text
 * instead of a browser's small broken-image icon.
 */
export function Picture({ src, alt, className }: { src: string; alt: string; className?: string }) {
  const { t } = useTranslation();
  const [brokenSrc, setBrokenSrc] = useState<string | null>(null);
  if (brokenSrc === src) {
    return (
      <p className="picture-broken" role="img" aria-label={alt} data-testid="picture-broken">
        <span aria-hidden="true">🖼️ {t('picture.broken')}</span>
        <span aria-hidden="true">{alt}</span>
      </p>
    );
  }
  return <img className={className} src={src} alt={alt} onError={() => setBrokenSrc(src)} />;
}
