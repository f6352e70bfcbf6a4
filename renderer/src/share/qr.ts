import { create, type QRCodeErrorCorrectionLevel } from 'qrcode';
import { qrColors } from '../theme/tokens.ts';

/** The quiet zone a scanner needs around the code, in modules. */
const MARGIN = 4;

/** A QR code as an SVG data URL: sharp at any size, and an `<img>` that can carry alt text. */
export function qrDataUrl(text: string, level: QRCodeErrorCorrectionLevel): string {
  const { modules } = create(text, { errorCorrectionLevel: level });
  let path = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) path += `M${col + MARGIN} ${row + MARGIN}h1v1h-1z`;
    }
  }
  const side = modules.size + 2 * MARGIN;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${side}" fill="${qrColors.light}"/><path fill="${qrColors.dark}" d="${path}"/></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
